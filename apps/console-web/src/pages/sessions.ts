import { API, get, messageOf } from '../api.js';
import { errorBox, field, fill, h, showError } from '../dom.js';
import type { Change, Page, SessionRow } from '../types.js';
import { pager, pageSizes } from './pager.js';
import { sessionTable } from './session-table.js';

/**
 * One host's sessions, live: the page's rows are read at a log seq, then the service streams
 * each later change (Server-Sent Events from auth.sessions.changed.<host>); rows appear and
 * disappear without a reload. When changes were missed the service says so and the page reads
 * its rows again.
 */
export function sessionsPage(main: HTMLElement, host: string): () => void {
  let offset = 0;
  let query = '';
  let source: EventSource | undefined;
  let left = false;
  let rows: SessionRow[] = [];
  let total = 0;
  const q = h('input', { id: 'sessions-q', type: 'search', maxlength: 200 });
  const size = pageSizes('sessions-limit', 100);
  const status = h('p', { class: 'status', role: 'status' }, 'connecting…');
  const error = errorBox();
  const results = h('div', {});
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    field('Id, origin, credentials or user contains', q),
    field('Per page', size),
    h('button', { type: 'submit' }, 'Filter'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    query = q.value;
    offset = 0;
    void load();
  });
  fill(
    main,
    h('h1', {}, 'Sessions of ', h('span', { class: 'mono' }, host)),
    status,
    form,
    error,
    results,
  );

  const limit = () => Number(size.value);
  const draw = (fresh?: string) => {
    const body = sessionTable(`Sessions of ${host}`, rows);
    if (fresh) body.querySelector(`tr[data-id="${CSS.escape(fresh)}"]`)?.classList.add('fresh');
    fill(
      results,
      body,
      pager(total, offset, rows.length, limit(), (to) => {
        offset = to;
        void load();
      }),
    );
  };

  /** A change the stream sent, applied to the page (tolerantly: the rows may hold it already). */
  const apply = (change: Change) => {
    const at = rows.findIndex((row) => row.id === change.fields.id);
    if (change.msg === 'removed') {
      if (at >= 0) rows.splice(at, 1);
      total = Math.max(0, total - 1);
      draw();
      return;
    }
    const row = { current: false, internal: false, ...change.fields } as SessionRow;
    if (at >= 0) rows[at] = row;
    else {
      total++;
      // Rows are oldest first: a new one belongs on the last page.
      if (offset + rows.length === total - 1 && rows.length < limit() && !query) rows.push(row);
    }
    draw(row.id);
  };

  async function load(): Promise<void> {
    source?.close();
    if (left) return;
    showError(error, undefined);
    try {
      const page = await get<Page<SessionRow> & { seq: number }>(
        `hosts/${encodeURIComponent(host)}/sessions`,
        { q: query, offset, limit: limit() },
      );
      rows = page.rows;
      total = page.total;
      draw();
      follow(page.seq);
    } catch (e) {
      status.textContent = 'not following';
      showError(error, messageOf(e));
    }
  }

  function follow(seq: number): void {
    source = new EventSource(`${API}/hosts/${encodeURIComponent(host)}/changes?after=${seq}`);
    source.addEventListener(
      'ready',
      () => (status.textContent = `Live: following changes since log seq ${seq}`),
    );
    source.addEventListener('change', (event) =>
      apply(JSON.parse((event as MessageEvent<string>).data) as Change),
    );
    source.addEventListener('resync', () => {
      source?.close();
      status.textContent = 'changes were missed: reading the sessions again';
      void load();
    });
    source.onerror = () => {
      status.textContent = 'connection lost: reconnecting…';
      source?.close();
      setTimeout(() => void load(), 2000);
    };
  }

  void load();
  return () => {
    left = true;
    source?.close();
  };
}
