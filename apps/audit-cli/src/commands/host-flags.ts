import { hostname } from 'node:os';
import type { Command } from 'commander';
import {
  DEFAULT_CONFIG_FILE,
  HostFileError,
  readHostConfigFile,
  resolveHostSettings,
  type ConfigValues,
  type HostSettings,
} from '@authtrail/host-agent';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';

/** The flags `pam` and `agent` share: each one a key of the settings file, and the file. */
export interface HostFlags {
  config?: string;
  host?: string;
  natsUrl?: string;
  creds?: string;
  spoolDir?: string;
  stateDir?: string;
  bootIdFile?: string;
}

export function withHostFlags(command: Command): Command {
  return command
    .option('--config <file>', `settings file (KEY=value lines; default ${DEFAULT_CONFIG_FILE})`)
    .option('--host <name>', 'short host name (AUTHTRAIL_HOST; default: this machine)')
    .option('--nats-url <urls>', 'NATS server(s), comma-separated (NATS_URL)')
    .option('--creds <file>', 'NATS credentials file (NATS_CREDS)')
    .option('--spool-dir <dir>', 'events waiting to be sent (AUTHTRAIL_SPOOL_DIR)')
    .option('--state-dir <dir>', 'open sessions and the announced boot (AUTHTRAIL_STATE_DIR)')
    .option('--boot-id-file <path>', 'the boot id (AUTHTRAIL_BOOT_ID_FILE)');
}

/**
 * The settings of `pam` or `agent`: the settings file, with the flags over it. Never the
 * environment: under pam_exec.so it is the PAM environment, which a user may have a say in.
 */
export function hostSettingsFrom(flags: HostFlags, more: ConfigValues = {}): HostSettings {
  let file: ConfigValues;
  try {
    file = readHostConfigFile(flags.config ?? DEFAULT_CONFIG_FILE, flags.config !== undefined);
  } catch (error) {
    if (error instanceof HostFileError) throw new CliError(error.message, EXIT_USAGE);
    throw error;
  }
  const settings = resolveHostSettings(
    file,
    {
      AUTHTRAIL_HOST: flags.host,
      NATS_URL: flags.natsUrl,
      NATS_CREDS: flags.creds,
      AUTHTRAIL_SPOOL_DIR: flags.spoolDir,
      AUTHTRAIL_STATE_DIR: flags.stateDir,
      AUTHTRAIL_BOOT_ID_FILE: flags.bootIdFile,
      ...more,
    },
    hostname().split('.')[0],
  );
  if ('problems' in settings) throw new CliError(settings.problems.join('; '), EXIT_USAGE);
  return settings;
}
