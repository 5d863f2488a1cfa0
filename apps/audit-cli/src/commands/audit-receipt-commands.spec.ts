import { Subjects } from '@authtrail/contracts';
import { ReceiptLog } from '../../../../test/fixtures/receipt-log';
import { CliError } from '../errors/cli-error';
import type { RpcClient } from '../rpc/rpc-client';
import { auditCheckpointCommand } from './audit-checkpoint.command';
import { auditProveCommand } from './audit-prove.command';
import type { CliContext } from './cli-context';

const log = new ReceiptLog('example.com/authtrail', 3);

/** A context whose service answers from `log` (signed at size 3), recording what it was asked. */
function contextOf(): { context: CliContext; printed: string[]; asked: unknown[][] } {
  const printed: string[] = [];
  const asked: unknown[][] = [];
  const request = (subject: string, body: { size?: number; seq?: number; filters?: unknown }) => {
    asked.push([subject, body]);
    if (subject === Subjects.checkpoint) return Promise.resolve(log.checkpoint(body.size ?? 3));
    if (subject === Subjects.inclusionProof) {
      return Promise.resolve(log.inclusion(body.seq!, body.size));
    }
    return Promise.resolve(0); // audit.log.query count: no such entry
  };
  const rpc = { request } as unknown as RpcClient;
  return { context: { rpc, mode: 'table', out: (text) => printed.push(text) }, printed, asked };
}

async function failure(run: Promise<void>): Promise<CliError> {
  const error = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('audit checkpoint', () => {
  it('prints the signed note exactly: out adds the newline the note ends with', async () => {
    const { context, printed, asked } = contextOf();
    await auditCheckpointCommand('--size 2', context);
    expect(printed.map((text) => `${text}\n`)).toEqual([log.checkpoint(2).checkpoint]);
    expect(asked).toEqual([[Subjects.checkpoint, { size: 2 }]]);
    await auditCheckpointCommand('', context);
    expect(asked[1]).toEqual([Subjects.checkpoint, {}]);
  });

  it('refuses a size that is no positive integer, and other arguments', async () => {
    for (const args of ['--size 0', '--size x', '3', '--from 1']) {
      const error = await failure(auditCheckpointCommand(args, contextOf().context));
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(/^audit checkpoint: /);
    }
  });
});

describe('audit prove', () => {
  it('prints the receipt exactly', async () => {
    const { context, printed } = contextOf();
    await auditProveCommand('2', context);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^c2sp\.org\/tlog-proof@v1\nextra .*\nindex 1\n/);
    expect(`${printed[0]}\n`.endsWith(log.checkpoint(3).checkpoint)).toBe(true);
  });

  it('takes one positive seq', async () => {
    for (const args of ['', '0', '-1', 'x', '1 2', '1.5', '--seq 1']) {
      const error = await failure(auditProveCommand(args, contextOf().context));
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(/^audit prove: /);
    }
  });

  it('fails with exit 1 naming an entry the log does not have', async () => {
    const error = await failure(auditProveCommand('9', contextOf().context));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('audit prove: the log has no entry 9');
  });
});
