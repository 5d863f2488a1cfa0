import 'reflect-metadata';
import { createHash } from 'node:crypto';
import {
  DEFAULT_DETECTION_CONFIG,
  Detector,
  initialDetectionState,
  type DetectionState,
} from '@authtrail/detections';
import { DEFAULT_QUERY_LIMITS } from '@authtrail/filter-list';
import { AlertsQueryService } from '../apps/audit-service/src/audit/alerts-query.service';
import { AlertsController } from '../apps/audit-service/src/audit/alerts.controller';
import type { ServiceConfig } from '../apps/audit-service/src/config/service-config';
import type { DetectionsProjection } from '../apps/audit-service/src/detections/detections.projection';
import { QueryTurns } from '../apps/audit-service/src/query/query-turns';
import { JsonReplySerializer } from '../apps/audit-service/src/rpc/json-reply.serializer';
import { IngestBacklog } from '../apps/audit-service/src/status/ingest-backlog';
import { benchLogEntry } from './bench-entries';
import { watchHeap } from './heap-watch';
import { alertBursts, ALERT_QUERIES } from './detections.bench';
import { percentile, round } from './stats';

/**
 * `audit.alerts` in-process, without NATS: the alerts scenario's alerts (alertBursts folded by
 * the detector), then each of its request shapes run as the service runs it (the request parsed
 * from its JSON, the controller and the handler with its query turns, the reply serialised),
 * `requests` times after 50 of warm-up. Prints per shape, per round: p50 and p99 of the wall
 * time (ms), the mean CPU time per request (ms, the collector's threads included), the heap
 * allocated per request and the collections meanwhile, and the reply's size and digest.
 *
 *   node scripts/build.js && node scripts/build.js tsconfig.bench.json
 *   node dist/bench/alerts-query.js [alerts] [requests] [rounds] [shape]
 */
const alerts = Number(process.argv[2] ?? 10_000);
const requests = Number(process.argv[3] ?? 1000);
const rounds = Number(process.argv[4] ?? 3);
/** Only the shapes whose name contains this (all by default). */
const only = process.argv[5] ?? '';
/** Well after every occurred_at, as JetStream's storage times are. */
const RECORDED = Date.parse('2027-01-01T00:00:00Z');

function foldedAlerts(count: number): DetectionState {
  const detector = new Detector(DEFAULT_DETECTION_CONFIG);
  const state = initialDetectionState();
  alertBursts(count).forEach((event, i) => {
    const entry = benchLogEntry(event, i + 1, RECORDED + i);
    detector.detect(state, entry);
  });
  return state;
}

const state = foldedAlerts(alerts);
if (state.alerts.length !== alerts) {
  throw new Error(`expected ${alerts} alerts, found ${state.alerts.length}`);
}
const detections = { state } as unknown as DetectionsProjection;
const config = { queryLimits: DEFAULT_QUERY_LIMITS } as unknown as ServiceConfig;
const service = new AlertsQueryService(
  detections,
  undefined as never,
  undefined as never,
  config,
  new QueryTurns(new IngestBacklog()),
);
const serializer = new JsonReplySerializer();

/** The process's CPU time (µs), which other processes on the machine disturb least. */
function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

const controller = new AlertsController(service);

/** One request as the service answers it: its reply's bytes. */
async function answer(body: string): Promise<Uint8Array> {
  const result = await controller.alerts(JSON.parse(body));
  return serializer.serialize({ response: result }).data;
}

async function main(): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    const lines: string[] = [];
    for (const [shape, request] of Object.entries(ALERT_QUERIES)) {
      if (!shape.includes(only)) continue;
      const body = JSON.stringify(request);
      for (let i = 0; i < 50; i++) await answer(body);
      const sample: number[] = [];
      let reply: Uint8Array = new Uint8Array();
      const heap = watchHeap();
      const cpuBefore = cpuUs();
      for (let i = 0; i < requests; i++) {
        const started = performance.now();
        reply = await answer(body);
        sample.push(performance.now() - started);
      }
      const cpu = round((cpuUs() - cpuBefore) / requests / 1000, 3);
      const { allocated, collections, gcUs } = heap();
      const kb = Math.round(allocated / requests / 1024);
      const gc = `${collections} GCs ${round(gcUs / 1000, 1)} ms`;
      const digest = createHash('sha256').update(reply).digest('hex').slice(0, 12);
      const p50 = round(percentile(sample, 50), 3);
      const p99 = round(percentile(sample, 99), 3);
      lines.push(
        `  ${shape}: p50 ${p50} ms, p99 ${p99} ms, CPU ${cpu} ms, ${kb} KB/request, ${gc} (${reply.length} B, ${digest})`,
      );
    }
    process.stdout.write(`round ${r + 1}\n${lines.join('\n')}\n`);
  }
}

void main();
