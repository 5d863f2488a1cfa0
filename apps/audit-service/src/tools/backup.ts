import { resolve } from 'node:path';
import { backupLog } from '@authtrail/event-log';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from '../exit-codes';

const USAGE = 'usage: authtrail-backup <db> <dest>';
const HELP = `${USAGE}

Copies the authtrail log <db> (AUTHTRAIL_DB) to the new file <dest> while the service runs, with
SQLite's online backup: one consistent snapshot, owner-only (0600), a single self-contained file.
Then verifies the copy's hash chain. <dest> must not exist.

Exit status: 0 copied and verified; 1 no copy, or a copy whose chain does not verify (kept for
inspection); 2 bad usage.
`;

/** `authtrail-backup <db> <dest>`: an online, verified copy of the log. */
async function main(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  if (args.length !== 2 || args.some((arg) => arg.startsWith('-'))) {
    process.stderr.write(`authtrail-backup: ${USAGE}\n`);
    return EXIT_CONFIG;
  }
  const [db, dest] = args;
  process.umask(0o077);
  try {
    const { entries, verify } = await backupLog(resolve(db), resolve(dest));
    if (!verify.ok) {
      process.stderr.write(
        `authtrail-backup: the hash chain of ${db} is broken at entry ${verify.first_bad_seq} ` +
          `(${verify.reason}); the copy ${dest} is kept for inspection\n`,
      );
      return EXIT_FAILURE;
    }
    process.stdout.write(`backup: ${entries} entries, chain ok, ${dest}\n`);
    return EXIT_OK;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`authtrail-backup: ${message.split('\n')[0]}\n`);
    return EXIT_FAILURE;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
