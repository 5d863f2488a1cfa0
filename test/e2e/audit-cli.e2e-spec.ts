import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  appendedSubject,
  CHECKPOINT_BUCKET,
  originToken,
  Subjects,
  type VerifyReply,
} from '@authtrail/contracts';
import { storedHashIndex } from '@authtrail/merkle';
import { EventPublisher } from '@authtrail/publisher';
import {
  addSignatureLines,
  cosign,
  formatCheckpoint,
  generateKey,
  generateWitnessKey,
  parsePrivateKey,
  parseWitnessPrivateKey,
  parseWitnessVerifierKey,
  signNote,
} from '@authtrail/signed-note';
import { keyLabel } from '../../apps/audit-cli/src/transparency/checkpoint-note';
import { eventHistory } from '../fixtures/event-history';
import { loggedIn } from '../fixtures/auth-events';
import {
  checkpointOfSize,
  publishedCheckpoint,
  signingKeyFile,
  verifierKeyFile,
  verifierOf,
} from '../harness/checkpoints';
import { readLog } from '../harness/log-file';
import { naiveFold, rowsOf } from '../harness/naive-fold';
import { CLI_BIN } from '../harness/paths';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

describe('the audit namespace of the real CLI', () => {
  let stack: TestStack;
  const events = eventHistory(300, 2, 31);
  const cli = (...args: string[]) => runCli(args, stack.cliEnv);

  beforeAll(async () => {
    stack = await TestStack.start();
    const receipts = await new EventPublisher(stack.nc).publishAll(events);
    await stack.sessions({ host: 'host-0' }, receipts.at(-1)!.seq);
  });

  afterAll(() => stack?.dispose());

  it('audit log: columns and WHERE over the log', async () => {
    const boots = readLog(stack.dbPath).filter((e) => e.host === 'host-1' && e.kind === 'logout');
    const run = await cli(
      '--mode',
      'json',
      '-c',
      "audit log seq,kind WHERE host == 'host-1' and kind == 'logout'",
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(boots.map((e) => ({ seq: e.seq, kind: 'logout' })));
    const table = await cli('-c', 'audit log seq,host WHERE seq <= 2');
    expect(table.stdout).toBe(
      ['+-----+--------+', '| seq | host   |', '+-----+--------+']
        .concat(
          readLog(stack.dbPath)
            .slice(0, 2)
            .map((e) => `| ${String(e.seq).padEnd(3)} | ${e.host} |`),
        )
        .concat(['+-----+--------+', ''])
        .join('\n'),
    );
    const bad = await cli('-c', 'audit log seq WHERE seq >');
    expect(bad.code).toBe(1);
  });

  it('audit at: the sessions as they stood at a time or after an entry', async () => {
    const at = events[150].occurred_at;
    const expected = rowsOf(naiveFold(events.filter((e) => e.occurred_at <= at)), 'host-0') as {
      id: string;
    }[];
    const run = await cli('--host', 'host-0', '--mode', 'json', '-c', `audit at ${at} sessions id`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expected.map((r) => ({ id: r.id })));
    const bySeq = await cli(
      '--host',
      'host-1',
      '--mode',
      'json',
      '-c',
      'audit at seq=40 sessions id',
    );
    expect(JSON.parse(bySeq.stdout)).toEqual(
      (rowsOf(naiveFold(events.slice(0, 40)), 'host-1') as { id: string }[]).map((r) => ({
        id: r.id,
      })),
    );
    const bad = await cli('--host', 'host-0', '-c', 'audit at yesterday sessions');
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toBe('');
  });

  it('audit replay: JSON lines of the stored entries', async () => {
    const run = await cli('-c', 'audit replay --from 5 --to 9');
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual(readLog(stack.dbPath).slice(4, 9));
    const all = await cli('audit', 'replay');
    expect(all.stdout.trimEnd().split('\n')).toHaveLength(300);
    expect((await cli('-c', 'audit replay --bogus 1')).code).toBe(2);
  });

  it('audit stats', async () => {
    const run = await cli('--mode', 'json', 'audit', 'stats');
    expect(JSON.parse(run.stdout)).toMatchObject({ last_seq: 300, entries: 300, healthy: true });
    const table = await cli('audit', 'stats');
    expect(table.stdout).toMatch(/\| +last_seq \| 300 +\|/);
  });

  it('audit tail: follows entries as they are committed', async () => {
    const child = spawn(process.execPath, [CLI_BIN, 'audit', 'tail', '--count', '2'], {
      env: { PATH: process.env.PATH ?? '', ...stack.cliEnv },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Publish only once the CLI's subscription has reached the server: a request on its subject
    // then times out (the CLI skips the empty probe) instead of finding no responders.
    await waitFor('audit tail to subscribe', async () => {
      try {
        await stack.nc.request(appendedSubject('host-0', 'login'), '', { timeout: 200 });
      } catch (error) {
        return (error as { code?: string }).code === 'TIMEOUT' ? true : undefined;
      }
      return undefined;
    });
    const a = loggedIn({
      host: 'host-0',
      boot_id: events[0].boot_id,
      occurred_at: '2031-01-01T00:00:00Z',
    });
    const b = loggedIn({
      host: 'host-1',
      boot_id: events[1].boot_id,
      occurred_at: '2031-01-01T00:00:01Z',
    });
    await stack.publish(a);
    await stack.publish(b);
    expect(await exited).toBe(0);
    expect(
      out
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { event_id: string }).event_id),
    ).toEqual([a.event_id, b.event_id]);
  });

  /** The service's newest checkpoint (of 302 entries), and how to put another in its place. */
  async function signedCheckpoint() {
    const { root } = await checkpointOfSize(stack, 302);
    const genuine = await publishedCheckpoint(stack, 302);
    const origin = verifierOf(stack).name;
    const keyFile = verifierKeyFile(stack);
    const kv = await stack.nc.jetstream().views.kv(CHECKPOINT_BUCKET, { bindOnly: true });
    return {
      root,
      genuine,
      origin,
      keyFile,
      put: (note: string) => kv.put(originToken(origin), note),
      verify: (...args: string[]) => cli('audit', 'verify', '--key', keyFile, ...args),
    };
  }

  it('audit verify --key: the log against the newest checkpoint its key signed', async () => {
    const { root, genuine, origin, put, verify } = await signedCheckpoint();
    expect(await verify()).toEqual({
      code: 0,
      stdout:
        'ok: 302 entries verified\n' +
        `ok: the log matches the checkpoint of ${origin} at size 302, root ${root}\n`,
      stderr: '',
    });

    const own = parsePrivateKey(readFileSync(signingKeyFile(stack), 'utf8').trim());
    const signed = (size: number, rootHash: Uint8Array, by = own) =>
      signNote(formatCheckpoint({ origin, size, rootHash }), [by]);
    const rootText = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const other = new Uint8Array(32).fill(7);
    try {
      // entries cut from the end since the checkpoint
      await put(signed(400, other));
      expect(await verify()).toEqual({
        code: 1,
        stdout: 'ok: 302 entries verified\n',
        stderr:
          `broken: the log has 302 entries, fewer than the 400 signed in the checkpoint of ` +
          `${origin} at size 400, root ${rootText(other)}\n`,
      });
      // another history at a size the log has
      await put(signed(200, other));
      const at200 = (
        await stack.request(Subjects.logVerify, { from_seq: 200, to_seq: 200, root_at: 200 })
      ).body.result as VerifyReply;
      expect((await verify()).stderr).toBe(
        `broken: the log's root at size 200 is ${at200.root}, not that of the checkpoint of ` +
          `${origin} at size 200, root ${rootText(other)}\n`,
      );
      // a checkpoint the key did not sign, refused before the chain is checked
      const stranger = parsePrivateKey(generateKey(origin).privateKey);
      const ours = keyLabel(verifierOf(stack));
      await put(signed(302, other, stranger));
      expect(await verify()).toEqual({
        code: 1,
        stdout: '',
        stderr:
          `broken: the newest checkpoint of ${origin} in ${CHECKPOINT_BUCKET} (claiming size ` +
          `302, root ${rootText(other)}) is not one the key ${ours} signed: note has no ` +
          `verifiable signatures (signed only by unknown keys: ${keyLabel(stranger)})\n`,
      });
    } finally {
      await put(genuine);
    }

    // a tree hash edited where the range checked does not reach: entry 256's hash of entries
    // 1 to 256, which the root at 302 is made of
    const flipTreeHash = () => {
      const db = new Database(stack.dbPath);
      db.exec('DROP TRIGGER IF EXISTS tree_append_only_update');
      // The row holding entry 256's hashes: the last one starting at or before it.
      const { seq, hashes } = db
        .prepare('SELECT seq, hashes FROM tree_hashes WHERE seq <= 256 ORDER BY seq DESC LIMIT 1')
        .get() as { seq: number; hashes: Buffer };
      hashes[(storedHashIndex(0, 255) - storedHashIndex(0, seq - 1) + 8) * 32] ^= 1;
      db.prepare('UPDATE tree_hashes SET hashes = ? WHERE seq = ?').run(hashes, seq);
      db.close();
    };
    flipTreeHash();
    try {
      const editedRoot = (
        (await stack.request(Subjects.logVerify, { from_seq: 302, to_seq: 302, root_at: 302 })).body
          .result as VerifyReply
      ).root;
      expect(editedRoot).not.toBe(root);
      expect(await verify('--from', '257')).toEqual({
        code: 1,
        stdout: 'ok: 46 entries verified\n',
        stderr:
          `broken: the log's root at size 302 is ${editedRoot}, not that of the checkpoint of ` +
          `${origin} at size 302, root ${root}\n`,
      });
      expect((await verify()).stderr).toBe(
        "broken: entry 256: entry 256 does not match its hashes in the log's tree\n",
      );
    } finally {
      flipTreeHash();
    }
  });

  it('audit verify --witnesses: the checkpoint cosigned by enough of the given witnesses', async () => {
    const { root, genuine, origin, keyFile, put, verify } = await signedCheckpoint();
    try {
      const witnessPairs = ['w1.example', 'w2.example', 'w3.example'].map(generateWitnessKey);
      const at = Math.floor(Date.now() / 1000);
      const text = genuine.slice(0, genuine.lastIndexOf('\n\n') + 1);
      const lines = witnessPairs
        .slice(0, 2)
        .map((pair) => cosign(text, parseWitnessPrivateKey(pair.privateKey), at));
      await put(addSignatureLines(genuine, lines));
      const witnessFile = join(stack.dir, 'witnesses.txt');
      writeFileSync(witnessFile, witnessPairs.map((pair) => `${pair.verifierKey}\n`).join(''));
      const label = (pair: { verifierKey: string }) =>
        keyLabel(parseWitnessVerifierKey(pair.verifierKey));
      const time = new Date(at * 1000).toISOString();
      const witnessed = await verify('--witnesses', '2', '--witness-key', witnessFile);
      expect(witnessed).toEqual({
        code: 0,
        stdout:
          'ok: 302 entries verified\n' +
          `ok: the log matches the checkpoint of ${origin} at size 302, root ${root}\n` +
          `ok: the checkpoint of ${origin} at size 302, root ${root} is cosigned by 2 of the 3 ` +
          `witnesses given (2 required): ${label(witnessPairs[0])} at ${time}, ` +
          `${label(witnessPairs[1])} at ${time}\n`,
        stderr: '',
      });
      const short = await runCli(['audit', 'verify', '--key', keyFile, '--witnesses', '3'], {
        ...stack.cliEnv,
        AUTHTRAIL_WITNESS_KEYS: witnessPairs.map((pair) => pair.verifierKey).join(' '),
      });
      expect(short).toMatchObject({ code: 1, stdout: '' });
      expect(short.stderr).toContain(
        `not witnessed: the checkpoint of ${origin} at size 302, root ${root} has 2 verified ` +
          'cosignatures of the 3 required',
      );
      const keyless = await cli(
        'audit',
        'verify',
        '--witnesses',
        '1',
        '--witness-key',
        witnessFile,
      );
      expect(keyless).toMatchObject({ code: 2, stdout: '' });
    } finally {
      await put(genuine);
    }
  });

  it('audit verify says which comparison with a signed checkpoint did not run', async () => {
    const notChecked = 'not checked against a signed checkpoint';
    expect((await cli('audit', 'verify', '--from', '300')).stdout).toBe(
      `ok: 3 entries verified\n${notChecked}: no verifier key (--key or AUTHTRAIL_VERIFY_KEY)\n`,
    );
    const nobody = generateKey('authtrail-nobody.example').verifierKey;
    const withKey = (key: string) =>
      runCli(['audit', 'verify', '--from', '300'], { ...stack.cliEnv, AUTHTRAIL_VERIFY_KEY: key });
    expect(await withKey(nobody)).toEqual({
      code: 0,
      stdout:
        `ok: 3 entries verified\n${notChecked}: no checkpoint of authtrail-nobody.example in ` +
        `${CHECKPOINT_BUCKET} yet\n`,
      stderr: '',
    });
    const origin = verifierOf(stack).name;
    const kv = await stack.nc.jetstream().views.kv(CHECKPOINT_BUCKET, { bindOnly: true });
    await kv.delete(originToken(origin));
    const key = readFileSync(verifierKeyFile(stack), 'utf8').trim();
    expect((await withKey(key)).stdout).toBe(
      `ok: 3 entries verified\n${notChecked}: the checkpoint of ${origin} in ` +
        `${CHECKPOINT_BUCKET} was deleted\n`,
    );
    await kv.destroy();
    expect((await withKey(key)).stdout).toBe(
      `ok: 3 entries verified\n${notChecked}: no bucket ${CHECKPOINT_BUCKET}\n`,
    );
  });

  it('audit verify: ok, then exit 1 at the first tampered entry', async () => {
    const ok = await cli('audit', 'verify');
    expect(ok).toMatchObject({
      code: 0,
      stdout:
        'ok: 302 entries verified\n' +
        'not checked against a signed checkpoint: no verifier key (--key or AUTHTRAIL_VERIFY_KEY)\n',
    });
    const db = new Database(stack.dbPath);
    db.exec('DROP TRIGGER entries_append_only_update');
    db.prepare(`UPDATE entries SET host = 'forged' WHERE seq = 123`).run();
    db.close();
    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe('broken: entry 123: entry 123 does not match its hash\n');
  });
});
