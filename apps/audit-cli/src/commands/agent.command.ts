import { Command } from 'commander';
import { HostAgent, HostFileError } from '@authtrail/host-agent';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';
import { hostSettingsFrom, withHostFlags, type HostFlags } from './host-flags';

/** After a clean stop, this long for the process to end by itself (a connection never made). */
const EXIT_SLACK_MS = 1_000;

/**
 * `authtrail agent`: the host's daemon (HostAgent): the boot once per boot, the spool sent,
 * terminate commands answered. Runs until SIGTERM or SIGINT, then stops cleanly (exit 0).
 */
export function agentCommand(print: (text: string) => void): Command {
  return withHostFlags(
    new Command('agent')
      .exitOverride()
      .description('run the host daemon: boot, spool, terminate (see docs/hosts.md)'),
  )
    .option('--interval-ms <ms>', 'time between sends of the spool (AUTHTRAIL_AGENT_INTERVAL_MS)')
    .option('--grace-ms <ms>', 'SIGTERM to SIGKILL on terminate (AUTHTRAIL_TERMINATE_GRACE_MS)')
    .action(async (flags: HostFlags & { intervalMs?: string; graceMs?: string }) => {
      const settings = hostSettingsFrom(flags, {
        AUTHTRAIL_AGENT_INTERVAL_MS: flags.intervalMs,
        AUTHTRAIL_TERMINATE_GRACE_MS: flags.graceMs,
      });
      const log = (line: string) => print(`authtrail agent: ${line}`);
      let agent: HostAgent;
      try {
        agent = HostAgent.start(settings, log);
      } catch (error) {
        if (error instanceof HostFileError) throw new CliError(error.message, EXIT_USAGE);
        throw error;
      }
      log(
        `running for host ${settings.host} (spool ${settings.spoolDir}, state ${settings.stateDir})`,
      );
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      log(`${signal}: stopping`);
      await agent.stop();
      log('stopped');
      setTimeout(() => process.exit(), EXIT_SLACK_MS).unref();
    });
}
