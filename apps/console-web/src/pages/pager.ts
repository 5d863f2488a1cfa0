import { h } from '../dom.js';

/** "rows a–b of n" and previous/next buttons for an offset-paged table. */
export function pager(
  total: number,
  offset: number,
  shown: number,
  limit: number,
  go: (offset: number) => void,
): HTMLElement {
  const first = shown === 0 ? 0 : offset + 1;
  return h(
    'div',
    { class: 'pager' },
    h(
      'button',
      { type: 'button', disabled: offset === 0, onclick: () => go(Math.max(0, offset - limit)) },
      'Previous',
    ),
    h('span', { 'aria-live': 'polite' }, `${first}–${offset + shown} of ${total}`),
    h(
      'button',
      { type: 'button', disabled: offset + shown >= total, onclick: () => go(offset + limit) },
      'Next',
    ),
  );
}

/** A select of page sizes. */
export function pageSizes(id: string, selected = 50): HTMLSelectElement {
  return h(
    'select',
    { id, name: 'limit' },
    ...[25, 50, 100, 500].map((n) =>
      h('option', { value: n, selected: n === selected }, String(n)),
    ),
  );
}

/** A sortable column's heading: `sort` says where the table is sorted now. */
export interface SortState {
  sort: string;
  dir: string;
  offset: number;
}

/**
 * A column heading that sorts the table by `column`: `first` is its direction on the first
 * press, a second press turns it round. `load` reads the table again.
 */
export function sortButton(
  state: SortState,
  column: string,
  label: string,
  load: () => void,
  first: 'asc' | 'desc' = 'asc',
  names: Record<'asc' | 'desc', string> = { asc: 'ascending', desc: 'descending' },
): HTMLElement {
  const active = state.sort === column;
  const other = first === 'asc' ? 'desc' : 'asc';
  const next = active && state.dir === first ? other : first;
  return h(
    'button',
    {
      type: 'button',
      class: 'sort',
      'aria-label': `${label}, sort ${names[next]}`,
      onclick: () => {
        state.dir = next;
        state.sort = column;
        state.offset = 0;
        load();
      },
    },
    label,
    active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : '',
  );
}
