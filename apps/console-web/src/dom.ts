/**
 * Building the page: every text goes in as a text node (textContent), never as markup, so
 * whatever the log holds is shown and never run.
 */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(element: Element, ...children: Child[]): void {
  element.replaceChildren();
  append(element, children);
}

/** A time in ms as UTC text: "2026-01-31 12:00:00Z". */
export function utc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/** A labelled form control: <label for=id>text</label> and the control. */
export function field(label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

/** A table in a scrollable, keyboard-reachable region. */
export function table(
  caption: string,
  head: (string | Node)[],
  rows: Node[],
  empty = 'nothing to show',
): HTMLElement {
  const body = rows.length
    ? rows
    : [h('tr', {}, h('td', { colspan: head.length, class: 'empty' }, empty))];
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      {},
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...body),
    ),
  );
}

/** The place a page says what went wrong (read out by screen readers). */
export function errorBox(): HTMLElement {
  return h('p', { class: 'error', role: 'alert', hidden: true });
}

export function showError(box: HTMLElement, message: string | undefined): void {
  box.textContent = message ?? '';
  box.hidden = !message;
}
