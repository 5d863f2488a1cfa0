import { NatsError, type NatsConnection } from 'nats';

/** JetStream's "not enabled for account" API error. */
const NOT_ENABLED_FOR_ACCOUNT = 10039;

/** Thrown when the connected server cannot serve JetStream; its message says how to enable it. */
export class JetStreamMissingError extends Error {
  override readonly name = 'JetStreamMissingError';
}

/**
 * Fails with a message that says what to do when the server has no JetStream (the bare error is
 * "503": nothing answers the JetStream API) or the account may not use it.
 */
export async function assertJetStream(connection: NatsConnection): Promise<void> {
  const server = connection.getServer();
  try {
    await connection.jetstreamManager();
  } catch (error) {
    if (error instanceof NatsError && error.code === '503') {
      throw new JetStreamMissingError(
        `the NATS server at ${server} does not have JetStream enabled: start nats-server with -js (or "jetstream {}" in its configuration file)`,
      );
    }
    if (error instanceof NatsError && error.jsError()?.err_code === NOT_ENABLED_FOR_ACCOUNT) {
      throw new JetStreamMissingError(
        `the NATS server at ${server} does not enable JetStream for this account: add "jetstream: enabled" to the account in its configuration`,
      );
    }
    throw error;
  }
}
