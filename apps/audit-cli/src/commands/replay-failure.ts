import type { ReplayFailure } from '@authtrail/audit-client';
import { Subjects } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { RemoteError } from '../rpc/rpc-client';

/** How long a replay waits for the next message before giving up. */
export const REPLAY_IDLE_MS = 10_000;

/** What the CLI says when audit.replay fails: the service's error body is shown as it is. */
export function replayError(failure: ReplayFailure): CliError {
  switch (failure.type) {
    case 'noResponders':
      return new CliError(`no authtrail service is answering on ${Subjects.replay}`);
    case 'error':
      return new RemoteError(failure.error);
    case 'notJson':
      return new CliError(`${Subjects.replay}: the service sent a reply that is not JSON`);
    case 'noResultList':
      return new CliError(`${Subjects.replay}: the service sent a reply without a result list`);
    case 'idle':
      return new CliError(
        `${Subjects.replay}: the authtrail service sent nothing for ${failure.idleMs / 1000} s`,
      );
    case 'closed':
      return new CliError(`${Subjects.replay}: the connection closed mid-stream`);
  }
}
