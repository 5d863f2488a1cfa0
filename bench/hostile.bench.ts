import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RequestStrategy, type Msg, type NatsConnection } from 'nats';
import { ERROR_CODE_HEADER, Subjects } from '@authtrail/contracts';
import { EventPublisher, loginEvent, uuidv7 } from '@authtrail/publisher';
import { freePort } from '../test/harness/free-port';
import { nextReply } from './worker-replies';
import { withBenchStack, type BenchStack } from './bench-stack';
import type { BackgroundReport, BackgroundSettings } from './hostile-background';
import { BOOT, benchLogin } from './seed-log';
import { percentile, round } from './stats';

const HOST = 'bench';
const encoder = new TextEncoder();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A username (and origin) of 4,000 `a`s and a `!`: what nested quantifiers backtrack over. */
const LONG_VALUE = `${'a'.repeat(4_000)}!`;
const LONG_SESSION = 'session-long';

export interface HostileOptions {
  sessions: number;
  /** Each battery request's timeout. */
  requestTimeoutMs: number;
}

export interface BatteryResult {
  request: string;
  subject: string;
  request_bytes: number;
  /** 200, the error code of the reply (e.g. 400), `timeout`, or `nNNN×k` for concurrent ones. */
  code: string;
  ms: number;
  /** The service's longest event-loop stall while it ran (from /metrics), or a lower bound. */
  stall_ms: number;
  /** The service did not answer within 10 s after the request's timeout and was restarted. */
  restarted: boolean;
}

export interface HostileFigures {
  sessions: number;
  request_timeout_s: number;
  battery_s: number;
  probe: {
    sent: number;
    answered: number;
    timed_out: number;
    failed: number;
    p50_ms: number;
    p99_ms: number;
    /** The worst latency; a probe that timed out counts as its timeout (5 s). */
    max_ms: number;
  };
  /** The longest event-loop stall of the service during the battery. */
  event_loop_stall_max_ms: number;
  ingest: {
    published: number;
    publish_failed: number;
    publish_per_s: number;
    /** From the end of the battery until audit.stats showed the last published event. */
    caught_up_ms: number | null;
    within_2s: boolean;
  };
  restarts: number;
  battery: BatteryResult[];
}

interface BatteryItem {
  name: string;
  subject: string;
  body: Uint8Array;
  /** Sent this many times at once. */
  concurrent?: number;
  /** The reply is streamed, closed by an empty message (audit.replay). */
  streamed?: boolean;
}

const PROBE_TIMEOUT_MS = 5_000;
const RECOVERY_MS = 10_000;

function sessionsRequest(filters: unknown, options: Record<string, unknown> = { count: true }) {
  return encoder.encode(JSON.stringify({ host: HOST, filters, options }));
}

/** Filters nested `depth` deep: each level an OR of the next level and a condition. */
function nestedFilters(depth: number): string {
  let inner = '["id","=","x"]';
  for (let i = 0; i < depth; i++) inner = `["OR",[${inner},["id","=","x"]]]`;
  return `{"host":"${HOST}","filters":[${inner}],"options":{"count":true}}`;
}

/** The worst request of each kind the issue names, at the sizes it names (all under 1 MiB). */
export function hostileBattery(): BatteryItem[] {
  const item = (name: string, subject: string, body: Uint8Array, more: Partial<BatteryItem> = {}) =>
    ({ name, subject, body, ...more }) as BatteryItem;
  const regex = (field: string, pattern: string) =>
    item(
      `${field} ~ ${pattern.length > 40 ? `a ${pattern.length.toLocaleString('en')}-character pattern` : pattern}`,
      Subjects.sessions,
      sessionsRequest([[field, '~', pattern]]),
    );
  const orderKeys = ['origin', '-created_at', 'credentials', 'id', '-internal'];
  return [
    item(
      '70,000 always-true conditions',
      Subjects.sessions,
      sessionsRequest(Array.from({ length: 70_000 }, () => ['id', '^', ''])),
    ),
    item(
      'OR of 50,000 branches',
      Subjects.sessions,
      sessionsRequest([['OR', Array.from({ length: 50_000 }, () => ['id', '=', 'x'])]]),
    ),
    item(
      'order_by with 10,000 keys',
      Subjects.sessions,
      sessionsRequest([], {
        order_by: Array.from({ length: 10_000 }, (_, i) => orderKeys[i % orderKeys.length]),
        limit: 10,
      }),
    ),
    item(
      'select with 1,000 deep paths',
      Subjects.sessions,
      sessionsRequest([], {
        select: Array.from({ length: 1_000 }, (_, i) => `credentials_data.${'k.'.repeat(40)}${i}`),
      }),
    ),
    item(
      'Cin with a 1 MB value',
      Subjects.sessions,
      sessionsRequest([['origin', 'Cin', 'a'.repeat(1_000_000)]]),
    ),
    item('filters nested 5,000 deep', Subjects.sessions, encoder.encode(nestedFilters(5_000))),
    regex('origin', '(a|b)'.repeat(20_000)),
    item('20 concurrent audit.log.verify', Subjects.logVerify, encoder.encode('{}'), {
      concurrent: 20,
    }),
    item('20 concurrent audit.replay', Subjects.replay, encoder.encode('{}'), {
      concurrent: 20,
      streamed: true,
    }),
    item(
      '20 concurrent audit.log.query count',
      Subjects.logQuery,
      encoder.encode(JSON.stringify({ filters: [], options: { count: true } })),
      { concurrent: 20 },
    ),
    regex('origin', '(.*.*)*x'),
    regex('origin', '.*.*.*x'),
    ...['(a+)+$', '(a|aa)+$', '(a*)*b', 'a*a*a*a*a*b', '(\\w+\\s?)*$', '(?i)(A+)+$'].map(
      (pattern) => regex('credentials_data.username', pattern),
    ),
  ];
}

/** The reply's code: 200, or the error code of its header. */
function codeOf(msg: Msg): string {
  return msg.headers?.get(ERROR_CODE_HEADER) || '200';
}

async function sendOnce(nc: NatsConnection, item: BatteryItem, timeoutMs: number): Promise<string> {
  try {
    if (!item.streamed)
      return codeOf(await nc.request(item.subject, item.body, { timeout: timeoutMs }));
    let code = '200';
    const replies = await nc.requestMany(item.subject, item.body, {
      strategy: RequestStrategy.SentinelMsg,
      maxWait: timeoutMs,
    });
    let closed = false;
    for await (const msg of replies) {
      if (msg.data.length === 0) {
        closed = true;
        break;
      }
      if (codeOf(msg) !== '200') code = codeOf(msg);
    }
    return closed ? code : 'timeout';
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'TIMEOUT' ? 'timeout' : `error ${code ?? (error as Error).message}`;
  }
}

/** Sends `item` (`concurrent` times at once) and waits for every answer or its timeout. */
async function send(
  nc: NatsConnection,
  item: BatteryItem,
  timeoutMs: number,
): Promise<{ code: string; ms: number }> {
  const started = performance.now();
  const codes = await Promise.all(
    Array.from({ length: item.concurrent ?? 1 }, () => sendOnce(nc, item, timeoutMs)),
  );
  const ms = performance.now() - started;
  if (codes.length === 1) return { code: codes[0], ms };
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return { code: [...counts].map(([code, n]) => `${code}×${n}`).join(' '), ms };
}

/** The service's longest event-loop stall since the previous scrape (ms), or undefined. */
async function scrapeStall(port: number, timeoutMs: number): Promise<number | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const value = /^authtrail_event_loop_delay_max_seconds (\S+)$/m.exec(text)?.[1];
    return value === undefined ? undefined : Number(value) * 1000;
  } catch {
    return undefined;
  }
}

async function lastStreamSeq(nc: NatsConnection): Promise<number | undefined> {
  try {
    const reply = await nc.request(Subjects.stats, '{}', { timeout: 2_000 });
    const body = JSON.parse(reply.string()) as { result?: { last_stream_seq?: number } };
    return body.result?.last_stream_seq;
  } catch {
    return undefined;
  }
}

/** Waits until the log holds stream sequence `seq`; returns how long it took, or null. */
async function untilLogged(nc: NatsConnection, seq: number, timeoutMs: number) {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (((await lastStreamSeq(nc)) ?? 0) >= seq) return performance.now() - started;
    await sleep(50);
  }
  return null;
}

/** Publishes the live sessions of `HOST` (one with the long username) and waits for the log. */
async function buildSessions(nc: NatsConnection, sessions: number): Promise<void> {
  const events = Array.from({ length: sessions - 1 }, (_, i) => benchLogin(i, HOST));
  const at = new Date(Date.parse('2025-01-14T00:00:00Z'));
  events.push(
    loginEvent(
      { host: HOST, bootId: BOOT, occurredAt: at, eventId: uuidv7(at.getTime()) },
      {
        sessionId: LONG_SESSION,
        internal: false,
        origin: LONG_VALUE,
        credentials: 'LOGIN_PASSWORD',
        credentialsData: { username: LONG_VALUE },
      },
    ),
  );
  const receipts = await new EventPublisher(nc).publishAll(events, 1000);
  const last = Math.max(...receipts.map((receipt) => receipt.seq));
  if ((await untilLogged(nc, last, 600_000)) === null) {
    throw new Error(`the service did not log ${sessions} logins within 10 minutes`);
  }
}

function startBackground(settings: BackgroundSettings) {
  const worker = new Worker(join(__dirname, 'hostile-background.js'), { workerData: settings });
  const next = <T>() => nextReply<T>(worker);
  return {
    ready: next<unknown>(),
    async stop(): Promise<BackgroundReport> {
      const report = next<BackgroundReport>();
      worker.postMessage('stop');
      const result = await report;
      await worker.terminate();
      return result;
    },
  };
}

async function battery(
  { nats, nc, service }: BenchStack,
  port: number,
  options: HostileOptions,
): Promise<HostileFigures> {
  await service.start();
  await buildSessions(nc, options.sessions);
  const items = hostileBattery();
  const background = startBackground({
    url: nats.url,
    probeHost: HOST,
    probeEveryMs: 100,
    probeTimeoutMs: PROBE_TIMEOUT_MS,
    publishPerSecond: 2_000,
    publishHost: 'live',
  });
  await background.ready;
  const results: BatteryResult[] = [];
  let restarts = 0;
  const started = performance.now();
  await sleep(1_000);
  await scrapeStall(port, RECOVERY_MS);
  for (const item of items) {
    const { code, ms } = await send(nc, item, options.requestTimeoutMs);
    let stall = await scrapeStall(port, RECOVERY_MS);
    let restarted = false;
    if (stall === undefined) {
      // Still frozen after the request's timeout and 10 s more: restart it (the log's lock is
      // the kernel's, so a SIGKILLed holder does not block the next start) and go on.
      stall = ms + RECOVERY_MS;
      await service.stop('SIGKILL');
      await service.start();
      restarts += 1;
      restarted = true;
    }
    results.push({
      request: item.name,
      subject: item.subject,
      request_bytes: item.body.length,
      code,
      ms: round(ms, 1),
      stall_ms: round(stall, 1),
      restarted,
    });
    console.log(
      `  ${item.name}: ${code} in ${round(ms, 0)} ms, stall ${round(stall, 0)} ms${restarted ? ' (restarted)' : ''}`,
    );
  }
  const batteryMs = performance.now() - started;
  const report = await background.stop();
  const caughtUp = await untilLogged(nc, report.last_stream_seq, 120_000);
  const timedOut = report.probes_timed_out;
  const answered = report.probe_ms;
  const worst = Math.max(timedOut > 0 ? PROBE_TIMEOUT_MS : 0, ...answered);
  return {
    sessions: options.sessions,
    request_timeout_s: options.requestTimeoutMs / 1000,
    battery_s: round(batteryMs / 1000, 1),
    probe: {
      sent: answered.length + timedOut + report.probes_failed,
      answered: answered.length,
      timed_out: timedOut,
      failed: report.probes_failed,
      p50_ms: round(percentile(answered, 50), 1),
      p99_ms: round(
        percentile([...answered, ...Array<number>(timedOut).fill(PROBE_TIMEOUT_MS)], 99),
        1,
      ),
      max_ms: round(worst, 1),
    },
    event_loop_stall_max_ms: round(Math.max(0, ...results.map((r) => r.stall_ms)), 1),
    ingest: {
      published: report.published,
      publish_failed: report.publish_failed,
      publish_per_s: round(report.published / report.publish_seconds, 0),
      caught_up_ms: caughtUp === null ? null : round(caughtUp, 0),
      within_2s: caughtUp !== null && caughtUp <= 2_000,
    },
    restarts,
    battery: results,
  };
}

/**
 * The hostile-query scenario: at `sessions` live sessions on one host, the worst request of each
 * kind, one after the other (each with its own timeout), while a probe sends a cheap count every
 * 100 ms and logins of another host are published at 2,000/s.
 */
export async function hostileScenario(options: HostileOptions): Promise<HostileFigures> {
  const port = await freePort();
  return withBenchStack('hostile', (stack) => battery(stack, port, options), {
    serviceEnv: { AUTHTRAIL_HTTP_PORT: String(port) },
  });
}
