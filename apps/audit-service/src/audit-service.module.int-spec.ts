import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect, type NatsConnection } from 'nats';
import { openLogStore, type LogStore } from '@authtrail/event-log';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { startNatsServer, type NatsServerHandle } from '../../../test/harness/nats-server';
import { AuditServiceModule } from './audit-service.module';
import { StatsService } from './audit/stats.service';
import { loadServiceConfig } from './config/service-config';
import { IngestService } from './ingest/ingest.service';
import { MetricsService } from './ops/metrics.service';
import { SessionsProjection } from './projection/sessions.projection';
import { loadSigners } from './signing/load-signers';
import { LOG_SIGNER, WITNESS_SIGNER, type Signers } from './signing/signers.provider';
import { IngestStatus } from './status/ingest-status';

/** The feature modules wired together over a real log and NATS server, without the transports. */
describe('AuditServiceModule', () => {
  let server: NatsServerHandle;
  let connection: NatsConnection;
  let dir: string;
  let store: LogStore;
  let app: INestApplicationContext;
  let signers: Signers;

  beforeAll(async () => {
    server = await startNatsServer();
    connection = await connect({ servers: server.url });
    dir = mkdtempSync(join(tmpdir(), 'authtrail-module-'));
    const dbPath = join(dir, 'authtrail.db');
    store = openLogStore(dbPath);
    const config = loadServiceConfig({ AUTHTRAIL_DB: dbPath });
    signers = loadSigners(config, () => undefined);
    app = await NestFactory.createApplicationContext(
      AuditServiceModule.forRoot(config, connection, store, signers),
      { logger: false },
    );
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await connection?.close();
    await server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares one projection and one ingest status between the write path and the read side', async () => {
    const event = loggedIn({ host: 'nas1' });
    const waiting = app.get(SessionsProjection, { strict: false }).waitUntilHandled(3, 5_000);
    const outcome = await app.get(IngestService, { strict: false }).ingest('AUTH_EVENTS', [
      {
        subject: `auth.events.nas1.login`,
        data: new TextEncoder().encode(JSON.stringify(event)),
        streamSeq: 3,
        deliveryCount: 1,
        storedAt: new Date('2026-01-02T03:04:05.000Z'),
      },
    ]);
    expect(outcome).toEqual({ appended: 1, duplicates: 0, deadLetters: 0 });
    await expect(waiting).resolves.toBe(true);
    const stats = await app.get(StatsService, { strict: false }).stats();
    expect(stats.per_host).toEqual({ nas1: { login: 1 } });
    expect(stats.ingest).toEqual({ failing: false });
    expect(app.get(IngestStatus, { strict: false }).health).toEqual({ failing: false });
    const metrics = await app.get(MetricsService, { strict: false }).registry.metrics();
    expect(metrics).toContain('authtrail_events_ingested_total{kind="login"} 1');
  });

  it("gives every module the log's signer, and no witness when none is configured", () => {
    expect(app.get(LOG_SIGNER, { strict: false })).toBe(signers.log);
    expect(app.get(WITNESS_SIGNER, { strict: false })).toBeNull();
  });
});
