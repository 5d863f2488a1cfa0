import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { connect, type KV, type NatsConnection } from 'nats';
import { CHECKPOINT_BUCKET, cosignedCheckpointKey, originToken } from '@authtrail/contracts';
import { writeKeyPairFiles } from '@authtrail/key-files';
import { EventPublisher } from '@authtrail/publisher';
import {
  generateKey,
  generateWitnessKey,
  hex32,
  parseCheckpoint,
  parseWitnessVerifierKey,
  verifyCosignatures,
} from '@authtrail/signed-note';
import { eventHistory } from '../fixtures/event-history';
import { forgeEntryAndTree, rootInFile } from '../harness/forged-log';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { Replica } from '../harness/replica';
import { runCli } from '../harness/run-cli';
import { waitFor } from '../harness/wait-for';

const ORIGIN = 'authtrail-witnessed';
const FORGED_SEQ = 10;
const events = eventHistory(70, 3, 47);

/** The checkpoint text of a signed note (what a cosignature covers). */
const textOf = (note: string): string => note.slice(0, note.indexOf('\n\n') + 1);

/** The readiness of a replica: its HTTP status and body. */
async function readiness(replica: Replica): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${replica.httpPort}/health/ready`);
  return { status: response.status, body: await response.json() };
}

/** A counter of a replica's /metrics. */
async function metric(replica: Replica, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${replica.httpPort}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
}

/** The largest checkpoint size a replica signed and kept in its log file. */
function signedSizeIn(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT max(size) FROM signed_checkpoints').pluck().get() as number) ?? 0;
  } finally {
    db.close();
  }
}

describe('replicas as witnesses of their log', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let kv: KV;
  let dir: string;
  let a: Replica;
  let b: Replica;
  const log = generateKey(ORIGIN);
  const witnesses = ['witness-a', 'witness-b', 'witness-c'].map((name) => ({
    name,
    pair: generateWitnessKey(name),
  }));
  const file = (name: string) => join(dir, `${name}.key`);
  const keyOf = (name: string) => cosignedCheckpointKey(ORIGIN, name);

  /** The note under `key` once its checkpoint has `size`. */
  const noteOfSize = (key: string, size: number) =>
    waitFor(`a note of size ${size} under ${key}`, async () => {
      const note = (await kv.get(key))?.string();
      return note !== undefined && parseCheckpoint(textOf(note)).size === size ? note : undefined;
    });

  /** Publishes events [from, to) and waits until the replicas given stored them. */
  async function publish(from: number, to: number, ...replicas: Replica[]): Promise<void> {
    await new EventPublisher(nc).publishAll(events.slice(from, to));
    for (const replica of replicas) await replica.waitForStreamSeq(to);
  }

  const cli = (...args: string[]) => runCli(['audit', 'verify', ...args], { NATS_URL: nats.url });

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    dir = mkdtempSync(join(tmpdir(), 'authtrail-witness-'));
    writeKeyPairFiles(file('log'), log);
    for (const witness of witnesses) writeKeyPairFiles(file(witness.name), witness.pair);
    const replica = (name: string, witness: string) =>
      Replica.create(nats.url, dir, name, {
        AUTHTRAIL_SIGNING_KEY_FILE: file('log'),
        AUTHTRAIL_WITNESS_KEY_FILE: file(witness),
      });
    a = await replica('replica-a', 'witness-a');
    b = await replica('replica-b', 'witness-b');
    await a.service.start();
    await b.service.start();
    kv = await nc.jetstream().views.kv(CHECKPOINT_BUCKET);
  });

  afterAll(async () => {
    // A replica left stopped by a failed test could not take its SIGTERM.
    for (const replica of [a, b]) {
      if (replica?.service.pid) process.kill(replica.service.pid, 'SIGCONT');
    }
    await nc?.close().catch(() => undefined);
    for (const replica of [a, b]) await replica?.service.stop();
    await nats?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("each cosigns the log's checkpoint under its own witness key, beside the log's note", async () => {
    for (const [replica, witness] of [
      [a, witnesses[0]],
      [b, witnesses[1]],
    ] as const) {
      expect(replica.service.output).toContain(
        `witness key ${file(witness.name)}; witness verifier key: ${witness.pair.verifierKey}`,
      );
    }
    await publish(0, 40, a, b);
    const logNote = await noteOfSize(originToken(ORIGIN), 40);
    for (const witness of witnesses.slice(0, 2)) {
      const cosigned = await noteOfSize(keyOf(witness.name), 40);
      expect(textOf(cosigned)).toBe(textOf(logNote));
      expect(cosigned.startsWith(logNote)).toBe(true);
      const verifier = parseWitnessVerifierKey(witness.pair.verifierKey);
      expect(verifyCosignatures(cosigned, [verifier])).toHaveLength(1);
    }
    expect(await metric(a, 'authtrail_witness_cosignatures_total')).toBeGreaterThanOrEqual(1);
    expect((await readiness(b)).body).toMatchObject({
      details: { witness: { status: 'up', cosigned_size: 40 } },
    });
  });

  it('lets audit verify --witnesses 2 pass with both witness keys, and fail asking for 3', async () => {
    const logNote = (await kv.get(originToken(ORIGIN)))!.string();
    const checkpoint = parseCheckpoint(textOf(logNote));
    const what = `the checkpoint of ${ORIGIN} at size 40, root ${Buffer.from(checkpoint.rootHash).toString('base64')}`;
    const label = (i: number) => {
      const verifier = parseWitnessVerifierKey(witnesses[i].pair.verifierKey);
      return `${verifier.name}+${hex32(verifier.keyId)}`;
    };
    /** When witness `i` cosigned (its line in its note in the bucket). */
    const when = async (i: number) => {
      const note = (await kv.get(keyOf(witnesses[i].name)))!.string();
      const verifier = parseWitnessVerifierKey(witnesses[i].pair.verifierKey);
      return new Date(verifyCosignatures(note, [verifier])[0].timestamp * 1000).toISOString();
    };
    const key = ['--key', `${file('log')}.pub`];
    const witnessKey = (i: number) => ['--witness-key', `${file(witnesses[i].name)}.pub`];

    const ok = await cli(...key, '--witnesses', '2', ...witnessKey(0), ...witnessKey(1));
    expect(ok).toEqual({
      code: 0,
      stdout:
        'ok: 40 entries verified\n' +
        `ok: the log matches ${what}\n` +
        `ok: ${what} is cosigned by 2 of the 2 witnesses given (2 required): ` +
        `${label(0)} at ${await when(0)}, ${label(1)} at ${await when(1)}\n`,
      stderr: '',
    });

    const three = await runCli(['audit', 'verify', ...key, '--witnesses', '3'], {
      NATS_URL: nats.url,
      AUTHTRAIL_WITNESS_KEYS: witnesses.map((w) => w.pair.verifierKey).join(','),
    });
    expect(three).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `not witnessed: ${what} has 2 verified cosignatures of the 3 required ` +
        `(${label(0)} at ${await when(0)}, ${label(1)} at ${await when(1)}); witnesses given: ` +
        `${label(0)}, ${label(1)}, ${label(2)}; ${label(2)}: no cosigned checkpoint of ${ORIGIN} ` +
        `in ${CHECKPOINT_BUCKET} (key ${keyOf('witness-c')})\n`,
    });

    const keyless = await cli(...key, '--witnesses', '2');
    expect(keyless).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'audit verify: --witnesses 2 needs the verifier keys of at least 2 witnesses ' +
        '(--witness-key or AUTHTRAIL_WITNESS_KEYS); 0 given\n',
    });
  });

  it('makes a replica whose log was changed say so, report unready, and cosign nothing', async () => {
    // A falls behind (stopped); B alone ingests entries 41-60 and cosigns its tree of 60. Then
    // B's file is changed under it: entry 10 and the tree's hashes from there on.
    process.kill(a.service.pid!, 'SIGSTOP');
    try {
      await publish(40, 60, b);
      await noteOfSize(keyOf('witness-b'), 60);
      forgeEntryAndTree(b.dbPath, FORGED_SEQ);
    } finally {
      process.kill(a.service.pid!, 'SIGCONT');
    }
    const cosignedBefore = (await kv.get(keyOf('witness-b')))!.string();

    // A catches up and signs the tree it holds; B's tree has another root at that size.
    await a.waitForStreamSeq(60);
    await noteOfSize(keyOf('witness-a'), 60);
    const said = await waitFor('B to report the disagreement', () => {
      const match =
        /the checkpoint of authtrail-witnessed at size (\d+) has root ([\w+/=]+), this log's root at size \1 is ([\w+/=]+): this log or the one that signed the checkpoint was changed; cosigning stopped until restart/.exec(
          b.service.output,
        );
      return match ?? undefined;
    });
    // Any checkpoint of A that covers the forged entry shows it: the one of 60, or one of 40 that
    // A signed just before it stopped and published after it went on.
    const size = Number(said[1]);
    expect(size).toBeGreaterThanOrEqual(FORGED_SEQ);
    expect(said[2]).toBe(rootInFile(a.dbPath, size));
    expect(said[3]).toBe(rootInFile(b.dbPath, size));
    expect(said[2]).not.toBe(said[3]);

    const ready = await readiness(b);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      error: { witness: { status: 'down', message: expect.stringContaining(`at size ${size}`) } },
    });
    expect(await metric(b, 'authtrail_witness_disagreements_total')).toBeGreaterThanOrEqual(1);
    expect((await readiness(a)).status).toBe(200);
    expect(await metric(a, 'authtrail_witness_disagreements_total')).toBe(0);
    expect((await kv.get(keyOf('witness-b')))!.string()).toBe(cosignedBefore);
  });

  it('cosigns nothing, and signs nothing, after a disagreement', async () => {
    const cosigned = (await kv.get(keyOf('witness-b')))!.string();
    const signedBefore = signedSizeIn(b.dbPath);
    await publish(60, 70, a, b);
    await waitFor(`${a.name}'s checkpoint of 70`, () =>
      signedSizeIn(a.dbPath) === 70 ? true : undefined,
    );
    await b.waitForStreamSeq(70);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // B's key would sign B's changed tree: a second history under the log's key. It does not.
    expect(signedSizeIn(b.dbPath)).toBe(signedBefore);
    expect(b.service.output).toMatch(/signing stopped until restart/);
    expect((await kv.get(keyOf('witness-b')))!.string()).toBe(cosigned);
    expect(parseCheckpoint(textOf(cosigned)).size).toBe(60);
    expect((await readiness(b)).status).toBe(503);
  });
});
