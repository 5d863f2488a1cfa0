/**
 * A handler's result whose reply also carries headers (as `auth.sessions` carries the log seq it
 * reflects); the body is `{"result": result}` as for any other result.
 */
export class HeadedResult<T = unknown> {
  constructor(
    readonly result: T,
    readonly headers: Readonly<Record<string, string>>,
  ) {}
}
