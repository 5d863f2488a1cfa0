import { get, messageOf } from '../api.js';
import { errorBox, field, fill, h, showError, table, utc } from '../dom.js';
import type { LogEntryView, Me } from '../types.js';
import { proofButton, showEntryDetail } from './entry-proof.js';
import { pageSizes } from './pager.js';

interface LogPage {
  rows: LogEntryView[];
  older: boolean;
  newer: boolean;
}

const KINDS = ['', 'login', 'logout', 'login_failed', 'boot', 'terminate'];

const input = (id: string, type = 'text') => h('input', { id, name: id, type, maxlength: 200 });

/** The log, newest first: filters a person uses, pages both ways, each entry's proof checked here. */
export function historyPage(main: HTMLElement, _arg: string, me: Me): void {
  const fields = {
    user: input('user'),
    address: input('address'),
    host: input('host'),
    from: input('from', 'datetime-local'),
    to: input('to', 'datetime-local'),
    text: input('text', 'search'),
  };
  const kind = h(
    'select',
    { id: 'kind', name: 'kind' },
    ...KINDS.map((k) => h('option', { value: k }, k || 'any')),
  );
  const size = pageSizes('history-limit');
  const error = errorBox();
  const results = h('div', {});
  const detail = h('div', { id: 'entry-detail', tabindex: -1 });
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    field('User', fields.user),
    field('Address contains', fields.address),
    field('Kind', kind),
    field('Host', fields.host),
    field('From (UTC)', fields.from),
    field('To (UTC)', fields.to),
    field('Text contains', fields.text),
    field('Per page', size),
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load({});
  });
  fill(main, h('h1', {}, 'History'), form, error, results, detail);

  async function load(cursor: { before?: number; after?: number }): Promise<void> {
    showError(error, undefined);
    const params: Record<string, string | number> = { kind: kind.value, limit: size.value };
    for (const [name, control] of Object.entries(fields)) params[name] = control.value;
    if (cursor.before) params.before = cursor.before;
    if (cursor.after !== undefined) params.after = cursor.after;
    try {
      const page = await get<LogPage>('log', params);
      const rows = page.rows.map((entry) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, entry.seq),
          h('td', {}, utc(entry.occurred_at.$date)),
          h('td', {}, entry.kind),
          h('td', {}, entry.host),
          h(
            'td',
            {},
            typeof entry.credentials_data?.username === 'string'
              ? entry.credentials_data.username
              : '',
          ),
          h('td', {}, entry.origin ?? ''),
          h('td', { class: 'mono' }, entry.session?.id ?? ''),
          h('td', {}, proofButton(entry.seq, show)),
        ),
      );
      const newest = page.rows[0]?.seq;
      const oldest = page.rows[page.rows.length - 1]?.seq;
      fill(
        results,
        table(
          'Log entries',
          ['seq', 'occurred (UTC)', 'kind', 'host', 'user', 'origin', 'session', 'detail'],
          rows,
          'no entry matches',
        ),
        h(
          'div',
          { class: 'pager' },
          h(
            'button',
            {
              type: 'button',
              disabled: !page.newer,
              onclick: () =>
                void load({ after: newest ?? (cursor.before ? cursor.before - 1 : 0) }),
            },
            'Newer',
          ),
          h(
            'span',
            { 'aria-live': 'polite' },
            page.rows.length ? `seq ${newest} to ${oldest}` : 'no entries',
          ),
          h(
            'button',
            {
              type: 'button',
              disabled: !page.older,
              onclick: () => void load({ before: oldest ?? (cursor.after ?? 0) + 1 }),
            },
            'Older',
          ),
        ),
      );
    } catch (e) {
      fill(results);
      showError(error, messageOf(e));
    }
  }

  const show = (seq: number) => void showEntryDetail(detail, seq, me);

  void load({});
}
