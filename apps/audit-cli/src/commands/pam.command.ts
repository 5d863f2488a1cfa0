import { Command } from 'commander';
import { ConfigError } from '@authtrail/nats-config';
import { EventSpool, flushSpool, recordPamCall, stdinHoldsData } from '@authtrail/host-agent';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR, EXIT_USAGE } from '../errors/exit-codes';
import { hostSettingsFrom, withHostFlags, type HostFlags } from './host-flags';

const say = (text: string) => process.stderr.write(`authtrail pam: ${text}\n`);

/** After the timeout, this much more for the process to end by itself before it is ended. */
const WATCHDOG_SLACK_MS = 1_000;

/**
 * `authtrail pam`, run by pam_exec.so: records the PAM call (PAM_TYPE and the other variables
 * pam_exec sets) as an event in the spool, then sends the spool within the timeout. A login never
 * waits longer than that: what NATS does not take in time stays spooled for the next run or the
 * agent. Exit 0 once the event is safe in the spool, 1 on an error, 2 on a call it refuses.
 */
export function pamCommand(): Command {
  return withHostFlags(
    new Command('pam')
      .exitOverride()
      .description('record a PAM session or failed login (run by pam_exec.so; see docs/hosts.md)'),
  )
    .option(
      '--timeout-ms <ms>',
      'longest time spent sending (AUTHTRAIL_PAM_TIMEOUT_MS; default 2000)',
    )
    .action(async (flags: HostFlags & { timeoutMs?: string }) => {
      const settings = hostSettingsFrom(flags, { AUTHTRAIL_PAM_TIMEOUT_MS: flags.timeoutMs });
      const deadline = Date.now() + settings.pamTimeoutMs;
      let safe = false;
      setTimeout(() => {
        say(
          `no answer from NATS in ${settings.pamTimeoutMs} ms: the spool waits in ${settings.spoolDir}`,
        );
        process.exit(safe ? 0 : EXIT_ERROR);
      }, settings.pamTimeoutMs + WATCHDOG_SLACK_MS).unref();

      let outcome;
      try {
        outcome = recordPamCall(settings, {
          env: process.env,
          callerPid: process.ppid,
          now: new Date(),
          passwordOnStdin: stdinHoldsData,
        });
      } catch (error) {
        throw new CliError(`nothing recorded: ${(error as Error).message}`, EXIT_ERROR);
      }
      if (outcome.code !== 0)
        throw new CliError(outcome.message ?? 'nothing recorded', outcome.code);
      if (outcome.message) say(outcome.message);
      safe = true;

      const spool = new EventSpool(settings.spoolDir);
      let report;
      try {
        report = await flushSpool(
          spool,
          settings.natsEnv,
          deadline,
          `authtrail-pam-${settings.host}`,
        );
      } catch (error) {
        if (error instanceof ConfigError) {
          throw new CliError(
            `${error.message}; the spool waits in ${settings.spoolDir}`,
            EXIT_USAGE,
          );
        }
        throw error;
      }
      for (const rejected of report.rejected) say(`moved aside, not an event: ${rejected}`);
      if (report.failure) {
        say(`${report.left} event(s) wait in ${settings.spoolDir}: ${report.failure.message}`);
      }
    });
}
