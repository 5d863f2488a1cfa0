/**
 * A query command that cannot be parsed or translated to filters. `position` (a UTF-16 index into
 * `source`) is known for syntax errors; translation errors carry only midcli's message.
 */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position?: number,
    readonly source?: string,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }

  /**
   * The text midcli prints: the message, then (when the position is known) the source line
   * indented by one space and a caret under the offending character.
   */
  format(): string {
    if (this.position === undefined || this.source === undefined) return this.message;
    const before = this.source.slice(0, this.position);
    const lineStart = before.lastIndexOf('\n') + 1;
    const lineEnd = this.source.indexOf('\n', lineStart);
    const line = this.source.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trimEnd();
    const column = Array.from(before.slice(lineStart)).length;
    return `${this.message}\n ${line}\n${' '.repeat(column + 1)}^`;
  }
}
