import { RpcErrorCode } from '@authtrail/contracts';
import { ConfigError } from '@authtrail/nats-config';
import { QuerySyntaxError } from '../grammar';
import { CliError } from '../errors/cli-error';
import { RemoteError } from '../rpc/rpc-client';

/** The text the TrueNAS CLI would print for an error (REF §4.3 "Errors in the CLI"). */
export function formatError(error: unknown): string {
  if (error instanceof RemoteError) {
    const { errors, message, code } = error.body;
    if (errors && errors.length > 0) {
      return [
        'Validation errors:',
        ...errors.map(([attribute, text]) => `* ${attribute}: ${text}`),
      ].join('\n');
    }
    return code === RpcErrorCode.Internal ? `Error: ${message}` : message;
  }
  if (error instanceof QuerySyntaxError) return error.format();
  if (error instanceof CliError) return error.message;
  if (error instanceof ConfigError) return `authtrail: ${error.message}`;
  return `Error: ${error instanceof Error ? error.message : String(error)}`;
}
