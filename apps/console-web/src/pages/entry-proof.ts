import { get, messageOf } from '../api.js';
import { fill, h, utc } from '../dom.js';
import { fromBase64, toHex } from '../verify/bytes.js';
import { leafHash, verifyInclusion } from '../verify/merkle.js';
import { noteSignedBy, parseVerifierKey, readCheckpoint } from '../verify/note.js';
import type { Checkpoint, LogEntryView, Me } from '../types.js';

interface EntryDetail {
  entry: LogEntryView;
  proof: { seq: number; index: number; size: number; leaf: string; hashes: string[] };
  checkpoint: Checkpoint | null;
}

/** What the page can and cannot prove, said beside every check it makes. */
export const TRUST_NOTE =
  'These checks run in this page, with a key this same server sent: a server that lied could ' +
  'send a page and key that agree with its lie. The trust anchor is the verifier key you hold: ' +
  'check with "authtrail audit verify --key" or "authtrail audit verify-proof" on your own machine.';

/** One check's line: passed, failed, with what it compared. */
function line(ok: boolean, text: string): HTMLElement {
  return h(
    'li',
    { class: ok ? 'ok' : 'bad' },
    h('span', { class: 'mark' }, ok ? '✓ ' : '✗ '),
    text,
  );
}

/**
 * Checks, in the page with Web Crypto, that the checkpoint is signed by the verifier key the
 * server is configured with; the lines that say what was checked.
 */
export async function checkpointChecks(note: string, verifierKey: string): Promise<HTMLElement[]> {
  try {
    const key = await parseVerifierKey(verifierKey);
    const signed = await noteSignedBy(note, key);
    return [
      line(
        signed,
        signed
          ? `checkpoint signed by ${key.name} (Ed25519, checked here)`
          : `the checkpoint's signature by ${key.name} does not verify`,
      ),
    ];
  } catch (e) {
    return [line(false, `checkpoint not checked: ${messageOf(e)}`)];
  }
}

/** An entry's detail: its fields, its hash, and its inclusion proof checked here. */
export async function entryDetail(seq: number, me: Me): Promise<HTMLElement> {
  const detail = await get<EntryDetail>(`log/${seq}`);
  const { entry, proof, checkpoint } = detail;
  const checks: HTMLElement[] = [];
  let logged: { seq?: unknown; event_id?: unknown } = {};
  try {
    logged = JSON.parse(proof.leaf) as typeof logged;
  } catch {
    // not JSON: the line below says the leaf is not this entry
  }
  const same = logged.seq === seq && logged.event_id === entry.event_id;
  checks.push(
    line(
      same,
      same
        ? 'the proven leaf is this entry (same seq and event id)'
        : 'the proven leaf is NOT this entry',
    ),
  );
  const leaf = await leafHash(proof.leaf);
  checks.push(
    h('li', { class: 'info' }, `leaf hash (SHA-256 of 0x00 and the entry's text) ${toHex(leaf)}`),
  );
  if (checkpoint) {
    const body = readCheckpoint(checkpoint.note.slice(0, checkpoint.note.indexOf('\n\n') + 1));
    const path = proof.hashes.map(fromBase64);
    const included = await verifyInclusion(proof.index, proof.size, leaf, path, body.root);
    checks.push(
      line(
        included,
        included
          ? `entry ${seq} is in the tree of size ${body.size} (${path.length} hashes lead to its root)`
          : `the proof does not lead to the checkpoint's root: entry ${seq} is NOT shown to be in the log`,
      ),
    );
    checks.push(...(await checkpointChecks(checkpoint.note, me.verifier_key)));
  } else {
    checks.push(line(false, 'no checkpoint to check against yet'));
  }
  return h(
    'section',
    { class: 'detail', 'aria-label': `Entry ${seq}` },
    h('h2', {}, `Entry ${seq}`),
    h(
      'dl',
      {},
      h('dt', {}, 'kind'),
      h('dd', {}, entry.kind),
      h('dt', {}, 'host'),
      h('dd', {}, entry.host),
      h('dt', {}, 'occurred'),
      h('dd', {}, utc(entry.occurred_at.$date)),
      h('dt', {}, 'recorded'),
      h('dd', {}, utc(entry.recorded_at.$date)),
      h('dt', {}, 'hash'),
      h('dd', { class: 'mono' }, entry.hash),
    ),
    h('h3', {}, 'Inclusion proof, checked in this page'),
    h('ul', { class: 'checks' }, ...checks),
    h('p', { class: 'trust' }, TRUST_NOTE),
    h(
      'details',
      {},
      h('summary', {}, 'The entry as logged'),
      h('pre', {}, JSON.stringify(entry.event, null, 2)),
    ),
  );
}

/** The button that shows an entry's detail and proof (its name says which entry). */
export function proofButton(seq: number, show: (seq: number) => void): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      'aria-label': `Detail and proof of entry ${seq}`,
      onclick: () => show(seq),
    },
    'Proof',
  );
}

/** Checks entry `seq` and shows its detail in `box` (or why it could not), then focuses it. */
export async function showEntryDetail(box: HTMLElement, seq: number, me: Me): Promise<void> {
  fill(box, h('p', { role: 'status' }, `checking entry ${seq}…`));
  try {
    fill(box, await entryDetail(seq, me));
  } catch (e) {
    fill(box, h('p', { class: 'error', role: 'alert' }, messageOf(e)));
  }
  box.focus();
}
