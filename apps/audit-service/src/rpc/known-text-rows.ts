/**
 * A handler's result that is a list whose items may have their JSON text made already: `textOf`
 * gives an item's text (exactly `JSON.stringify(item)`), or undefined. The reply is the same bytes
 * as for the list itself, `{"result": [...]}`, without serialising those items again.
 */
export class KnownTextRows {
  constructor(
    readonly rows: readonly unknown[],
    readonly textOf: (row: unknown) => string | undefined,
  ) {}

  /**
   * `before + JSON.stringify(rows) + after`, the known texts taken as they are, made in one join
   * (a text pieced together by `+` would be copied whole again when it is encoded).
   */
  json(before = '', after = ''): string {
    const { rows, textOf } = this;
    const texts = new Array<string>(rows.length + 2);
    texts[0] = `${before}[`;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      // As JSON.stringify writes a list: what has no JSON (undefined, a function) is null.
      const text = textOf(row) ?? (JSON.stringify(row) as string | undefined) ?? 'null';
      texts[i + 1] = i === 0 ? text : `,${text}`;
    }
    texts[rows.length + 1] = `]${after}`;
    return texts.join('');
  }
}
