import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { QUEUE_GROUP } from '@authtrail/contracts';
import { KeyFileError } from '@authtrail/key-files';
import { ConfigError } from '@authtrail/nats-config';
import { LogLockedError, LogSchemaError, openLogStore } from '@authtrail/event-log';
import { AuditServiceModule } from './audit-service.module';
import { BootstrapError } from './bootstrap/bootstrap-error';
import { bootstrapFromPeer } from './bootstrap/peer-bootstrap';
import { loadServiceConfig } from './config/service-config';
import {
  EXIT_CONFIG,
  EXIT_FAILURE,
  EXIT_HISTORY_MISSING,
  EXIT_LOG_IN_USE,
  EXIT_OK,
  EXIT_TREE_DISAGREES,
} from './exit-codes';
import { TreeDisagreesError } from './transparency/tree-disagreement';
import { JsonReplySerializer } from './rpc/json-reply.serializer';
import { ServerNatsRpc } from './rpc/server-nats-rpc';
import { JsonRequestDeserializer } from './rpc/json-request.deserializer';
import { loadSigners } from './signing/load-signers';
import type { Signers } from './signing/signers.provider';
import { assertPortFree } from './start/http-port';
import { assertJetStream } from './start/jetstream-check';
import { prepareLogPath } from './start/log-path';
import { connectWaitingForNats } from './start/nats-wait';
import { ServiceLogger } from './start/service-logger';
import { IngestBacklog } from './status/ingest-backlog';
import { ServerJetStream } from './transport/server-jetstream';

/** How long a stop waits for NATS to take the last acks and replies before it goes without. */
const DRAIN_GRACE_MS = 5_000;

/** Whether `work` settles within `ms` (a failure of it is logged and counts as settled). */
function settlesWithin(work: Promise<unknown>, ms: number, logger: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = work.then(
    () => true,
    (error: unknown) => {
      logger.error(`stopping: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    },
  );
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

async function bootstrap(): Promise<void> {
  process.umask(0o077);
  const config = loadServiceConfig(process.env);
  const logger = new ServiceLogger('authtrail', {
    logLevels: config.logLevels,
    json: !process.stdout.isTTY,
  });
  for (const deprecation of config.deprecations) logger.warnOnStderr(deprecation, 'authtrail');
  // Until the service is ready, a stop has nothing in flight to hand back: every committed
  // batch is whole in the log, and the OS releases the log and its lock with the process.
  let stop = (): void => {
    logger.log('stopped', 'authtrail');
    process.exit(EXIT_OK);
  };
  process.once('SIGTERM', () => stop());
  process.once('SIGINT', () => stop());
  if (config.httpPort !== undefined) await assertPortFree(config.httpPort, config.httpHost);
  prepareLogPath(config.dbPath);
  // Large projection snapshots are written on their own thread (ingest waits for them).
  const store = openLogStore(config.dbPath, {
    snapshotsInBackground: true,
    // An upgrade that reads every entry says how far it is, on stderr (stdout carries the log).
    onUpgradeProgress: (done, total) =>
      process.stderr.write(
        `authtrail: upgrading the log: tree hashes of ${done}/${total} entries\n`,
      ),
  });
  const { log } = store;
  // The tree's hashes of each batch on a thread of their own, while its entries are inserted.
  log.hashTreeOnThread((reason) =>
    logger.warn(`${reason}: the tree's hashes are computed on the main thread from now on`),
  );
  // Once the log is ours (its lock held): a first start creates the signing key beside it.
  let signers: Signers;
  try {
    signers = loadSigners(config, (line) => logger.log(line, 'authtrail'));
  } catch (error) {
    await store.close();
    throw error;
  }
  const connection: NatsConnection = await connectWaitingForNats(config.nats, { logger });
  /** A start that fails releases what holds the process open, so it ends with its exit code. */
  const release = async (error: unknown): Promise<never> => {
    await connection.close().catch(() => undefined);
    await store.close();
    throw error;
  };
  await assertJetStream(connection).catch(release);
  // Before any RPC subscription: a replica never answers its own replay request, and never
  // serves a projection without the history it is still importing.
  await bootstrapFromPeer({
    connection,
    log,
    dbPath: config.dbPath,
    stream: config.stream,
    source: config.bootstrap,
    logger,
  }).catch(release);
  // The store makes its snapshots at their first use, here: after the import.
  const service = AuditServiceModule.forRoot(config, connection, store, signers);
  const app = await NestFactory.create(service, { logger, abortOnError: false });
  const serializer = new JsonReplySerializer();
  const rpc = new ServerNatsRpc({
    ...config.nats,
    name: 'authtrail-rpc',
    queue: QUEUE_GROUP,
    serializer,
    deserializer: new JsonRequestDeserializer(config.queryLimits.maxRequestBytes),
    gracefulShutdown: true,
    gracePeriod: 200,
  });
  app.connectMicroservice<MicroserviceOptions>({ strategy: rpc }, { inheritAppConfig: true });
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new ServerJetStream({
        connection,
        stream: config.stream,
        durable: config.consumer,
        batchSize: config.batchSize,
        streamReplicas: config.streamReplicas,
        resumeAfter: () => log.handledStreamSeq(),
        backlog: app.get(IngestBacklog),
      }),
    },
    { inheritAppConfig: true },
  );
  process.on('unhandledRejection', (reason) => {
    logger.error(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  });
  try {
    await app.init();
    await app.startAllMicroservices();
    if (config.httpPort !== undefined) {
      if (config.httpHost === undefined) await app.listen(config.httpPort);
      else await app.listen(config.httpPort, config.httpHost);
    }
  } catch (error) {
    await app.close().catch(() => undefined);
    await release(error);
  }
  serializer.maxPayload = rpc.unwrap<NatsConnection>().info?.max_payload ?? serializer.maxPayload;
  // Checkpoints of the write-ahead log on their own thread: a commit never pays for one.
  log.startBackgroundCheckpoints();
  Logger.log(
    `ready: stream ${config.stream}, consumer ${config.consumer}, log ${config.dbPath}`,
    'authtrail',
  );
  // The process ends when its stop is done, not when every handle happens to be released: with
  // NATS unreachable, a connection's reconnect timers would keep it running. Every committed batch
  // is whole in the log, so a drain that does not finish in time is given up: what was not
  // acknowledged is delivered again to the next run.
  const stopReady = async () => {
    const drained = await settlesWithin(
      app.close().then(() => connection.drain()),
      DRAIN_GRACE_MS,
      new Logger('authtrail'),
    );
    await store.close();
    if (!drained) {
      Logger.warn(
        `NATS did not drain within ${DRAIN_GRACE_MS / 1000} s (unreachable?): stopped without it; unacknowledged events are delivered again after a restart`,
        'authtrail',
      );
    }
    Logger.log('stopped', 'authtrail');
    // A stop the service asked for itself (a log that disagrees with a checkpoint) keeps its exit code.
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK);
  };
  stop = () => void stopReady();
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`authtrail: ${message}\n`);
  process.exitCode =
    error instanceof LogSchemaError || error instanceof ConfigError || error instanceof KeyFileError
      ? EXIT_CONFIG
      : error instanceof LogLockedError
        ? EXIT_LOG_IN_USE
        : error instanceof BootstrapError
          ? EXIT_HISTORY_MISSING
          : error instanceof TreeDisagreesError
            ? EXIT_TREE_DISAGREES
            : EXIT_FAILURE;
});
