/** Python rejects the pattern (`re.error`): the reason, with its position. */
export class PatternError extends Error {}

/** Python accepts the pattern, but it uses a construct that cannot run in linear time. */
export class UnsupportedConstruct extends Error {}
