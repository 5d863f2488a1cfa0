import { join } from 'node:path';
import type { KV } from 'nats';
import {
  CHECKPOINT_BUCKET,
  checkpointFeedSubject,
  cosignedCheckpointKey,
  originToken,
} from '@authtrail/contracts';
import { writeKeyPairFiles } from '@authtrail/key-files';
import { treeHash } from '@authtrail/merkle';
import {
  formatCheckpoint,
  generateKey,
  generateWitnessKey,
  openNote,
  parseCheckpoint,
  parsePrivateKey,
  parseVerifierKey,
  parseWitnessVerifierKey,
  signNote,
  verifyCosignatures,
} from '@authtrail/signed-note';
import { loggedIn } from '../../../../test/fixtures/auth-events';
import { ServiceModuleRig } from '../../../../test/harness/service-module';
import { waitFor } from '../../../../test/harness/wait-for';
import { MetricsService } from '../ops/metrics.service';
import { WitnessStatus } from '../status/witness-status';

/** The witness inside the service's modules, over a real log and NATS server. */
describe('CheckpointWitness', () => {
  let rig: ServiceModuleRig;
  let kv: KV;
  let streamSeq = 0;
  const witnessPair = generateWitnessKey('witness.example/a');

  beforeAll(async () => {
    rig = await ServiceModuleRig.start((dir) => {
      writeKeyPairFiles(join(dir, 'witness.key'), witnessPair);
      return { AUTHTRAIL_WITNESS_KEY_FILE: join(dir, 'witness.key') };
    });
    kv = await rig.connection.jetstream().views.kv(CHECKPOINT_BUCKET);
  });

  afterAll(() => rig?.close());

  const origin = () => rig.signers.log.name;
  const status = () => rig.app.get(WitnessStatus, { strict: false });
  const metrics = () => rig.app.get(MetricsService, { strict: false }).registry.metrics();

  /** Ingests `count` login events, one batch each. */
  async function ingest(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await rig.ingest(loggedIn({ host: 'nas1' }), ++streamSeq);
  }

  /** The size of the checkpoint in the bucket under `key`, once there is one of `size`. */
  const noteOfSize = (key: string, size: number) =>
    waitFor(`a note of size ${size} under ${key}`, async () => {
      const note = (await kv.get(key))?.string();
      return note !== undefined &&
        parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size === size
        ? note
        : undefined;
    });

  it("cosigns the checkpoint its log signed, publishing the log's note with its line added", async () => {
    const before = Math.floor(Date.now() / 1000);
    await ingest(1);
    const key = cosignedCheckpointKey(origin(), 'witness.example/a');
    const cosigned = await noteOfSize(key, 1);
    const logNote = (await kv.get(originToken(origin())))!.string();
    const opened = openNote(cosigned, [parseVerifierKey(rig.signers.log.verifierKey)]);
    expect(opened.text).toBe(
      openNote(logNote, [parseVerifierKey(rig.signers.log.verifierKey)]).text,
    );
    expect(cosigned.startsWith(logNote)).toBe(true);
    const [cosignature] = verifyCosignatures(cosigned, [
      parseWitnessVerifierKey(witnessPair.verifierKey),
    ]);
    expect(cosignature.timestamp).toBeGreaterThanOrEqual(before);
    expect(cosignature.timestamp).toBeLessThanOrEqual(Date.now() / 1000);
    expect(status().health).toEqual({ disagrees: false, cosignedSize: 1 });
    expect(await metrics()).toContain('authtrail_witness_cosignatures_total 1');
  });

  it("ignores a note the log's key did not sign, and disagrees with one it signed over another tree once the log reaches its size", async () => {
    const feed = checkpointFeedSubject(origin());
    const otherRoot = new Uint8Array(32).fill(0xab);
    const impostor = parsePrivateKey(generateKey(origin()).privateKey);
    const unsigned = formatCheckpoint({ origin: origin(), size: 1, rootHash: otherRoot });
    rig.connection.publish(feed, signNote(unsigned, [impostor]));
    const forged = formatCheckpoint({ origin: origin(), size: 3, rootHash: otherRoot });
    rig.connection.publish(feed, signNote(forged, [rig.signers.log]));
    await rig.connection.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(status().health.disagrees).toBe(false);

    await ingest(2);
    await waitFor('the disagreement', () => (status().health.disagrees ? true : undefined));
    const ownRoot = Buffer.from(treeHash(3, rig.store.log.treeReader())).toString('base64');
    expect(status().health.reason).toBe(
      `the checkpoint of ${origin()} at size 3 has root ${Buffer.from(otherRoot).toString('base64')}, ` +
        `this log's root at size 3 is ${ownRoot}: this log or the one that signed the checkpoint was changed`,
    );
    expect(await metrics()).toContain('authtrail_witness_disagreements_total 1');

    // A checkpoint of the log's key that this tree disagrees with stops the signer too: whatever
    // the log's note was then, more entries get no new one (no further history under the key),
    // and nothing is cosigned any more.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const logNote = (await kv.get(originToken(origin())))!.string();
    await ingest(2);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await kv.get(originToken(origin())))!.string()).toBe(logNote);
    await noteOfSize(cosignedCheckpointKey(origin(), 'witness.example/a'), 1);
    expect(status().health.cosignedSize).toBe(1);
  });
});
