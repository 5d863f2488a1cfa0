import type { NatsConnection } from 'nats';

/**
 * One request to the service over NATS: its round trip in ms (up to the reply's arrival) and its
 * result; an error reply throws.
 */
export async function timedCall<T>(
  nc: NatsConnection,
  subject: string,
  body: unknown,
  timeoutMs = 10_000,
): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const reply = await nc.request(subject, JSON.stringify(body), { timeout: timeoutMs });
  const ms = performance.now() - started;
  const parsed = JSON.parse(reply.string()) as { result?: T; error?: unknown };
  if (parsed.error !== undefined) {
    throw new Error(`${subject} ${JSON.stringify(body)}: ${JSON.stringify(parsed.error)}`);
  }
  return { ms, result: parsed.result as T };
}
