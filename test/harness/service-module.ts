import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect, type NatsConnection } from 'nats';
import type { AuthEvent } from '@authtrail/contracts';
import { openLogStore, type LogStore } from '@authtrail/event-log';
import { AuditServiceModule } from '../../apps/audit-service/src/audit-service.module';
import { loadServiceConfig } from '../../apps/audit-service/src/config/service-config';
import {
  IngestService,
  type BatchOutcome,
} from '../../apps/audit-service/src/ingest/ingest.service';
import { loadSigners } from '../../apps/audit-service/src/signing/load-signers';
import type { Signers } from '../../apps/audit-service/src/signing/signers.provider';
import { startNatsServer, type NatsServerHandle } from './nats-server';

/**
 * The service's feature modules wired together over a real log and NATS server, without the
 * transports: batches are handed to IngestService directly.
 */
export class ServiceModuleRig {
  private constructor(
    readonly server: NatsServerHandle,
    readonly connection: NatsConnection,
    readonly dir: string,
    readonly store: LogStore,
    readonly signers: Signers,
    readonly app: INestApplicationContext,
  ) {}

  /** Started with the log `authtrail.db` in a fresh folder; `env` adds to the configuration. */
  static async start(
    env: (dir: string) => Record<string, string> = () => ({}),
  ): Promise<ServiceModuleRig> {
    const server = await startNatsServer();
    const connection = await connect({ servers: server.url });
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-module-'));
    const dbPath = join(dir, 'authtrail.db');
    const config = loadServiceConfig({ AUTHTRAIL_DB: dbPath, ...env(dir) });
    const store = openLogStore(dbPath);
    const signers = loadSigners(config, () => undefined);
    const app = await NestFactory.createApplicationContext(
      AuditServiceModule.forRoot(config, connection, store, signers),
      { logger: false },
    );
    return new ServiceModuleRig(server, connection, dir, store, signers, app);
  }

  /** Ingests `event` of `stream` as one batch, as if delivered at `streamSeq`. */
  ingest(event: AuthEvent, streamSeq: number, storedAt = new Date()): Promise<BatchOutcome> {
    return this.app.get(IngestService, { strict: false }).ingest('AUTH_EVENTS', [
      {
        subject: `auth.events.${event.host}.${event.kind}`,
        data: new TextEncoder().encode(JSON.stringify(event)),
        streamSeq,
        deliveryCount: 1,
        storedAt,
      },
    ]);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.store.close();
    await this.connection.close();
    await this.server.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
