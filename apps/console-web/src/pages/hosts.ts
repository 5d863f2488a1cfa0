import { get, messageOf } from '../api.js';
import { errorBox, field, fill, h, showError, table, utc } from '../dom.js';
import type { HostRow, Page } from '../types.js';
import { pager, pageSizes, sortButton } from './pager.js';

const COLUMNS: [string, string][] = [
  ['host', 'Host'],
  ['live_sessions', 'Live sessions'],
  ['boot_since', 'Current boot since'],
  ['last_change_seq', 'Last change'],
  ['last_event', 'Last event'],
  ['entries', 'Entries'],
  ['open_alerts', 'Open alerts'],
];

/** Columns the server cannot sort by (read for the page's rows only). */
const UNSORTED = new Set(['last_event']);

/** "<kind> at <time> (seq n)" for an entry, or a dash. */
const entryText = (entry: HostRow['last_event']): string =>
  entry ? `${entry.kind} at ${utc(entry.occurred_at.$date)} (seq ${entry.seq})` : '—';

/**
 * Every host: live sessions, current boot, last change of its sessions, last event of any kind,
 * open alerts; filtered, sorted and paged by the server.
 */
export function hostsPage(main: HTMLElement): void {
  const state = { q: '', sort: 'host', dir: 'asc', offset: 0 };
  const q = h('input', { id: 'hosts-q', type: 'search', maxlength: 200 });
  const size = pageSizes('hosts-limit');
  const error = errorBox();
  const results = h('div', {});
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    field('Host name contains', q),
    field('Per page', size),
    h('button', { type: 'submit' }, 'Filter'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.q = q.value;
    state.offset = 0;
    void load();
  });
  fill(main, h('h1', {}, 'Hosts'), form, error, results);

  async function load(): Promise<void> {
    showError(error, undefined);
    const limit = Number(size.value);
    try {
      const page = await get<Page<HostRow>>('hosts', { ...state, limit });
      const rows = page.rows.map((row) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: `#/host/${encodeURIComponent(row.host)}` }, row.host)),
          h('td', { class: 'num' }, row.live_sessions),
          h('td', {}, row.boot_since ? utc(row.boot_since.$date) : '—'),
          h('td', {}, entryText(row.last_change)),
          h('td', {}, entryText(row.last_event)),
          h('td', { class: 'num' }, row.entries),
          h(
            'td',
            { class: 'num' },
            row.open_alerts > 0
              ? h(
                  'a',
                  {
                    href: `#/alerts/${encodeURIComponent(row.host)}`,
                    'aria-label': `${row.open_alerts} open alerts of ${row.host}`,
                  },
                  row.open_alerts,
                )
              : 0,
          ),
        ),
      );
      fill(
        results,
        table(
          'Hosts',
          COLUMNS.map(([column, label]) =>
            UNSORTED.has(column) ? label : sortButton(state, column, label, () => void load()),
          ),
          rows,
          'no host matches',
        ),
        pager(page.total, page.offset, page.rows.length, limit, (offset) => {
          state.offset = offset;
          void load();
        }),
      );
    } catch (e) {
      showError(error, messageOf(e));
    }
  }
  void load();
}
