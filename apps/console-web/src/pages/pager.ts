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
