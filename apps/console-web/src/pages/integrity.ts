import { API, get, messageOf } from '../api.js';
import { errorBox, fill, h, showError } from '../dom.js';
import { splitNote } from '../verify/note.js';
import type { Checkpoint } from '../types.js';
import { checkpointChecks, TRUST_NOTE } from './entry-proof.js';

interface Integrity {
  origin: string;
  verifier_key: string;
  last_seq: number;
  checkpoint: (Checkpoint & { signed_at: string }) | null;
  cosigned: { key: string; note: string }[];
  last_verify: {
    at: string;
    fromSeq: number;
    toSeq: number;
    result: { ok: boolean; checked: number; first_bad_seq?: number; reason?: string };
  } | null;
}

/** The newest checkpoint and its signature checked here, witnesses' cosignatures, and verify. */
export function integrityPage(main: HTMLElement): () => void {
  const error = errorBox();
  const body = h('div', {});
  const progress = h('progress', { id: 'verify-progress', max: 1, value: 0 });
  const verifyStatus = h('p', { role: 'status', id: 'verify-status' });
  let source: EventSource | undefined;
  const run = h('button', { type: 'button', id: 'run-verify' }, 'Run verify');
  run.addEventListener('click', () => {
    run.disabled = true;
    verifyStatus.textContent = 'verifying…';
    source = new EventSource(`${API}/verify`);
    source.addEventListener('progress', (event) => {
      const { checked, total } = JSON.parse((event as MessageEvent<string>).data) as {
        checked: number;
        total: number;
      };
      progress.max = Math.max(total, 1);
      progress.value = checked;
      verifyStatus.textContent = `verified ${checked} of ${total} entries`;
    });
    source.addEventListener('done', (event) => {
      source?.close();
      const result = JSON.parse((event as MessageEvent<string>).data) as {
        ok: boolean;
        checked: number;
        total: number;
        reason?: string;
        first_bad_seq?: number;
      };
      progress.value = result.ok ? progress.max : progress.value;
      verifyStatus.textContent = result.ok
        ? `ok: the hash chain of all ${result.total} entries holds`
        : `BROKEN at seq ${result.first_bad_seq}: ${result.reason}`;
      run.disabled = false;
      void load();
    });
    source.onerror = () => {
      source?.close();
      verifyStatus.textContent =
        'verify did not run to its end (another one may be running, or the connection was lost)';
      run.disabled = false;
    };
  });
  fill(
    main,
    h('h1', {}, 'Integrity'),
    error,
    body,
    h(
      'section',
      { 'aria-labelledby': 'verify-h' },
      h('h2', { id: 'verify-h' }, 'Verify the hash chain'),
      h('label', { for: 'verify-progress' }, 'Progress'),
      progress,
      run,
      verifyStatus,
    ),
  );

  async function load(): Promise<void> {
    showError(error, undefined);
    try {
      const info = await get<Integrity>('integrity');
      const checkpoint = info.checkpoint;
      const last = info.last_verify;
      fill(
        body,
        h(
          'section',
          { 'aria-labelledby': 'cp-h' },
          h('h2', { id: 'cp-h' }, 'Newest signed checkpoint'),
          checkpoint
            ? h(
                'div',
                {},
                h(
                  'dl',
                  {},
                  h('dt', {}, 'origin'),
                  h('dd', {}, info.origin),
                  h('dt', {}, 'size'),
                  h('dd', {}, `${checkpoint.size} (the log has ${info.last_seq} entries)`),
                  h('dt', {}, 'root'),
                  h('dd', { class: 'mono' }, checkpoint.root),
                  h('dt', {}, 'signed at'),
                  h('dd', {}, checkpoint.signed_at),
                  h('dt', {}, 'verifier key'),
                  h('dd', { class: 'mono' }, info.verifier_key),
                ),
                h('pre', { 'aria-label': 'The signed note' }, checkpoint.note),
                h(
                  'ul',
                  { class: 'checks', id: 'checkpoint-checks' },
                  ...(await checkpointChecks(checkpoint.note, info.verifier_key)),
                ),
                h('p', { class: 'trust' }, TRUST_NOTE),
              )
            : h('p', {}, 'No checkpoint signed yet: the log is empty.'),
        ),
        h(
          'section',
          { 'aria-labelledby': 'w-h' },
          h('h2', { id: 'w-h' }, 'Witnesses'),
          info.cosigned.length
            ? h(
                'ul',
                {},
                ...info.cosigned.map((c) => h('li', {}, cosignedLine(c.note, info.origin))),
              )
            : h(
                'p',
                {},
                'No witness has cosigned a checkpoint of this log. Check cosignatures with "authtrail audit verify --witnesses N".',
              ),
        ),
        h(
          'section',
          { 'aria-labelledby': 'lv-h' },
          h('h2', { id: 'lv-h' }, 'Last verify'),
          h(
            'p',
            {},
            last
              ? `${last.at}: seq ${last.fromSeq} to ${last.toSeq}, ${last.result.ok ? 'ok' : `broken at seq ${last.result.first_bad_seq}: ${last.result.reason}`} (${last.result.checked} checked)`
              : 'No verify has run since the service started.',
          ),
        ),
      );
    } catch (e) {
      showError(error, messageOf(e));
    }
  }
  void load();
  return () => source?.close();
}

/** A witness's cosigned note, said in a line: which size, which signers (not verified here). */
function cosignedLine(note: string, origin: string): string {
  try {
    const { text, signatures } = splitNote(note);
    const size = text.split('\n')[1];
    const witnesses = signatures.filter((s) => s.name !== origin).map((s) => s.name);
    return `size ${size} cosigned by ${witnesses.join(', ') || 'nobody'} (their keys are not known to this page: check with the CLI)`;
  } catch (e) {
    return `a note that cannot be read: ${messageOf(e)}`;
  }
}
