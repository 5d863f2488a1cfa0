import { get, messageOf } from '../api.js';
import { errorBox, field, fill, h, showError } from '../dom.js';
import type { Page, SessionRow } from '../types.js';
import { pager, pageSizes } from './pager.js';
import { sessionTable } from './session-table.js';

/** Who was logged in on a host at a time (audit.sessions.at's answer). */
export function atPage(main: HTMLElement, arg: string): void {
  const host = h('input', {
    id: 'at-host',
    type: 'text',
    required: true,
    maxlength: 200,
    value: arg,
  });
  const at = h('input', { id: 'at-time', type: 'datetime-local', step: 1, required: true });
  const size = pageSizes('at-limit', 100);
  const error = errorBox();
  const results = h('div', {});
  let offset = 0;
  const form = h(
    'form',
    { class: 'filters' },
    field('Host', host),
    field('Time (UTC)', at),
    field('Per page', size),
    h('button', { type: 'submit' }, 'Show sessions'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    void load();
  });
  fill(main, h('h1', {}, 'Who was in at T'), form, error, results);

  async function load(): Promise<void> {
    showError(error, undefined);
    const limit = Number(size.value);
    // datetime-local gives "2026-01-31T12:00" or with seconds: as UTC, RFC 3339.
    const time = at.value.length === 16 ? `${at.value}:00Z` : at.value ? `${at.value}Z` : '';
    try {
      const page = await get<Page<SessionRow>>('at', { host: host.value, at: time, offset, limit });
      fill(
        results,
        h('p', { role: 'status' }, `${page.total} session(s) on ${host.value} at ${time}`),
        sessionTable(`Sessions of ${host.value} at ${time}`, page.rows),
        pager(page.total, page.offset, page.rows.length, limit, (to) => {
          offset = to;
          void load();
        }),
      );
    } catch (e) {
      fill(results);
      showError(error, messageOf(e));
    }
  }
}
