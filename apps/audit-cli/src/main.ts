import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '@authtrail/nats-config';
import { QuerySyntaxError } from './grammar';
import type { OutputMode } from './render';
import { agentCommand } from './commands/agent.command';
import { keygenCommand } from './commands/keygen.command';
import { pamCommand } from './commands/pam.command';
import { publishCommand } from './commands/publish.command';
import { CliError } from './errors/cli-error';
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from './errors/exit-codes';
import { RemoteError, RpcClient } from './rpc/rpc-client';
import type { CliContext } from './commands/cli-context';
import { Repl } from './shell/repl';
import { formatError } from './shell/format-error';
import { packageVersion } from './version';

interface GlobalFlags {
  host?: string;
  session?: string;
  mode: OutputMode;
  command?: string;
}

async function main(argv: string[]): Promise<number> {
  const rpc = new RpcClient(process.env);
  const print = (text: string) => process.stdout.write(`${text}\n`);
  const program = new Command('authtrail')
    .description('Query and audit login sessions recorded by authtrail')
    .version(packageVersion(__dirname), '-V, --version', 'print the version of authtrail')
    .option('--host <name>', 'host whose sessions to show')
    .option(
      '--session <id>',
      'your session id: its row shows current = true',
      process.env.AUTHTRAIL_SESSION,
    )
    .addOption(
      new Option('-m, --mode <mode>', 'output mode')
        .choices(['table', 'csv', 'json'])
        .default('table'),
    )
    .option('-c, --command <line>', 'run one command line, e.g. "auth sessions id"')
    .argument('[words...]', 'a command line, e.g. auth sessions id')
    // Options after the first word belong to the command line (`audit replay --from 10`,
    // `publish login --host h`), not to authtrail itself.
    .passThroughOptions()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .action(async (words: string[], flags: GlobalFlags) => {
      if (flags.command !== undefined && flags.command.trim() === '')
        throw new CliError('-c: give a command line, e.g. -c "auth sessions id"', EXIT_USAGE);
      const line = flags.command ?? words.join(' ');
      const context: CliContext = {
        rpc,
        host: flags.host,
        sessionId: flags.session,
        verifyKey: process.env.AUTHTRAIL_VERIFY_KEY,
        witnessKeys: process.env.AUTHTRAIL_WITNESS_KEYS,
        mode: flags.mode,
        out: print,
      };
      const shell = new Repl(context, flags.host ?? 'authtrail');
      if (line.trim() === '') {
        await shell.run(process.stdin, process.stdout, Boolean(process.stdin.isTTY));
      } else {
        await shell.handle(line);
      }
    });
  program.addCommand(publishCommand(rpc, print));
  program.addCommand(keygenCommand(print));
  program.addCommand(pamCommand());
  program.addCommand(agentCommand(print));
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === EXIT_OK ? EXIT_OK : EXIT_USAGE;
    }
    process.stderr.write(`${formatError(error)}\n`);
    if (error instanceof CliError) return error.exitCode;
    // a bad NATS_* variable is bad usage, as the service treats it
    if (error instanceof ConfigError) return EXIT_USAGE;
    if (error instanceof QuerySyntaxError || error instanceof RemoteError) return EXIT_ERROR;
    return EXIT_ERROR;
  } finally {
    await rpc.close();
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
