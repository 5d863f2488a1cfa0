import { NoAnswerError, type RpcClient } from '../rpc/rpc-client';
import type { CliContext } from './cli-context';
import { auditVerifyCommand } from './audit-verify.command';

describe('audit verify', () => {
  it('says that no service answers, not which request found none', async () => {
    const rpc = {
      request: (subject: string) =>
        Promise.reject(
          new NoAnswerError(
            `no authtrail service is answering on ${subject}`,
            'no authtrail service is answering',
          ),
        ),
    } as unknown as RpcClient;
    const context: CliContext = { rpc, mode: 'table', out: () => undefined };
    for (const args of ['', '--to 10']) {
      const run = auditVerifyCommand(args, context);
      await expect(run).rejects.toThrow(
        "audit verify: no authtrail service is answering: the service checks the log's hash chain",
      );
      await expect(run).rejects.not.toThrow(/audit\.(stats|log)/);
    }
  });
});
