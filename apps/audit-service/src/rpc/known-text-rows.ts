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

  /** `JSON.stringify(rows)`, the known texts taken as they are. */
  json(): string {
    const { rows, textOf } = this;
    const texts = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      // As JSON.stringify writes a list: what has no JSON (undefined, a function) is null.
      texts[i] = textOf(row) ?? (JSON.stringify(row) as string | undefined) ?? 'null';
    }
    return `[${texts.join(',')}]`;
  }
}
