import { API, get, messageOf } from '../api.js';
import { errorBox, field, fill, h, showError, table, utc } from '../dom.js';
import type { AlertNews, AlertRow, LogEntryView, Me, Page } from '../types.js';
import { proofButton, showEntryDetail } from './entry-proof.js';
import { pager, pageSizes, sortButton } from './pager.js';

const RULES = ['', 'brute_force', 'spraying', 'distributed', 'break_in', 'new_origin'];
const STATES: [string, string][] = [
  ['', 'open or closed'],
  ['open', 'open'],
  ['closed', 'closed'],
];

interface Evidence {
  alert: AlertRow;
  entries: LogEntryView[];
}

/** What an entry says of who and from where, for the evidence table. */
const userOf = (entry: LogEntryView) =>
  typeof entry.credentials_data?.username === 'string' ? entry.credentials_data.username : '';

/**
 * The alerts the detections keep (`audit.alerts`), filtered by rule, host and state, sorted by
 * when they opened or last grew, paged by the server; each one's evidence is the log entries
 * behind it, each with its inclusion proof checked here. Live: the page reads its rows again
 * when an alert opens or closes (`audit.alert.>`). `host` (from `#/alerts/<host>`) starts it on
 * that host's open alerts.
 */
export function alertsPage(main: HTMLElement, host: string, me: Me): () => void {
  const state = {
    rule: '',
    host,
    state: host ? 'open' : '',
    sort: 'opened_at',
    dir: 'desc',
    offset: 0,
  };
  let left = false;
  let source: EventSource | undefined;
  let reload: ReturnType<typeof setTimeout> | undefined;
  const rule = h(
    'select',
    { id: 'alerts-rule', name: 'rule' },
    ...RULES.map((r) => h('option', { value: r }, r || 'any')),
  );
  const hostInput = h('input', {
    id: 'alerts-host',
    name: 'host',
    type: 'search',
    maxlength: 200,
    value: host,
  });
  const open = h(
    'select',
    { id: 'alerts-state', name: 'state' },
    ...STATES.map(([value, label]) =>
      h('option', { value, selected: value === state.state }, label),
    ),
  );
  const size = pageSizes('alerts-limit');
  const status = h('p', { class: 'status', role: 'status' }, 'connecting…');
  const error = errorBox();
  const results = h('div', {});
  const evidence = h('div', { id: 'alert-evidence', tabindex: -1 });
  const detail = h('div', { id: 'entry-detail', tabindex: -1 });
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    field('Rule', rule),
    field('Host', hostInput),
    field('State', open),
    field('Per page', size),
    h('button', { type: 'submit' }, 'Filter'),
    h('button', { type: 'button', onclick: () => void load() }, 'Refresh'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.rule = rule.value;
    state.host = hostInput.value;
    state.state = open.value;
    state.offset = 0;
    void load();
  });
  fill(main, h('h1', {}, 'Alerts'), status, form, error, results, evidence, detail);

  // Times sort newest first on the first press.
  const sortBy = (column: string, label: string) =>
    sortButton(state, column, label, () => void load(), 'desc', {
      asc: 'oldest first',
      desc: 'newest first',
    });

  async function load(): Promise<void> {
    if (left) return;
    showError(error, undefined);
    const limit = Number(size.value);
    // A redraw keeps the keyboard where it was (the same alert's button, if still shown).
    const focused = (document.activeElement as HTMLElement | null)?.dataset.focusKey;
    try {
      const page = await get<Page<AlertRow>>('alerts', { ...state, limit });
      const rows = page.rows.map((alert) =>
        h(
          'tr',
          { 'data-id': alert.id, class: alert.closed_at ? undefined : 'open' },
          h('td', {}, alert.rule),
          h('td', {}, alert.host),
          h('td', { class: 'mono' }, alert.key),
          h('td', {}, utc(alert.opened_at.$date)),
          h('td', {}, utc(alert.last_at.$date)),
          h('td', {}, alert.closed_at ? utc(alert.closed_at.$date) : h('strong', {}, 'open')),
          h('td', { class: 'num' }, alert.count),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                'data-focus-key': alert.id,
                'aria-label': `Evidence of alert ${alert.id}`,
                onclick: () => void showEvidence(alert.id),
              },
              'Evidence',
            ),
          ),
        ),
      );
      fill(
        results,
        table(
          'Alerts',
          [
            'Rule',
            'Host',
            'Key',
            sortBy('opened_at', 'Opened (UTC)'),
            sortBy('last_at', 'Last (UTC)'),
            'Closed (UTC)',
            'Entries',
            'Evidence',
          ],
          rows,
          'no alert matches',
        ),
        pager(page.total, page.offset, page.rows.length, limit, (offset) => {
          state.offset = offset;
          void load();
        }),
      );
      if (focused) {
        results.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
      }
    } catch (e) {
      fill(results);
      showError(error, messageOf(e));
    }
  }

  async function showEvidence(id: string): Promise<void> {
    fill(detail);
    fill(evidence, h('p', { role: 'status' }, `reading the evidence of ${id}…`));
    try {
      const { alert, entries } = await get<Evidence>(`alerts/${encodeURIComponent(id)}/evidence`);
      const rows = entries.map((entry) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, entry.seq),
          h('td', {}, utc(entry.occurred_at.$date)),
          h('td', {}, entry.kind),
          h('td', {}, userOf(entry)),
          h('td', {}, entry.origin ?? ''),
          h('td', {}, proofButton(entry.seq, showEntry)),
        ),
      );
      fill(
        evidence,
        h(
          'section',
          { class: 'detail', 'aria-label': `Evidence of alert ${alert.id}` },
          h('h2', {}, `Evidence of alert ${alert.id}`),
          h(
            'dl',
            {},
            h('dt', {}, 'rule'),
            h('dd', {}, alert.rule),
            h('dt', {}, 'host'),
            h('dd', {}, alert.host),
            h('dt', {}, 'key'),
            h('dd', { class: 'mono' }, alert.key),
            h('dt', {}, 'opened'),
            h('dd', {}, utc(alert.opened_at.$date)),
            h('dt', {}, 'closed'),
            h('dd', {}, alert.closed_at ? utc(alert.closed_at.$date) : 'open'),
          ),
          h(
            'p',
            {},
            alert.count > entries.length
              ? `The first ${entries.length} of its ${alert.count} entries:`
              : `Its ${entries.length} entries:`,
          ),
          table(
            `Entries behind alert ${alert.id}`,
            ['seq', 'occurred (UTC)', 'kind', 'user', 'origin', 'detail'],
            rows,
            'none of its entries is in the log',
          ),
        ),
      );
    } catch (e) {
      fill(evidence, h('p', { class: 'error', role: 'alert' }, messageOf(e)));
    }
    evidence.focus();
  }

  const showEntry = (seq: number) => void showEntryDetail(detail, seq, me);

  function follow(): void {
    source = new EventSource(`${API}/alerts/changes`);
    source.addEventListener('ready', () => {
      status.textContent = 'Live: the list is read again when an alert opens or closes';
      // What opened or closed before the subscription held is in this reading.
      void load();
    });
    source.addEventListener('alert', (event) => {
      const news = JSON.parse((event as MessageEvent<string>).data) as AlertNews;
      status.textContent = `Live: alert ${news.id} on ${news.host} ${news.change}`;
      // A burst of changes is read once.
      clearTimeout(reload);
      reload = setTimeout(() => void load(), 250);
    });
    source.onerror = () => {
      status.textContent = 'not following: use Refresh (reconnecting…)';
      void load();
      source?.close();
      setTimeout(() => {
        if (!left) follow();
      }, 2000);
    };
  }

  void load();
  follow();
  return () => {
    left = true;
    clearTimeout(reload);
    source?.close();
  };
}
