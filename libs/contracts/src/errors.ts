/** The error half of every RPC reply (contract §5). */
export const RpcErrorCode = {
  BadRequest: 400,
  NotFound: 404,
  Internal: 500,
  /** Busy: as many heavy requests as the service takes at once are running or waiting. */
  Unavailable: 503,
  Timeout: 504,
} as const;
export type RpcErrorCode = (typeof RpcErrorCode)[keyof typeof RpcErrorCode];

/** One validation error: [attribute, message, errno] as in TrueNAS `data.extra`. */
export type ValidationItem = [string, string, number];

export interface RpcErrorBody {
  code: RpcErrorCode;
  message: string;
  errors?: ValidationItem[];
}

export type RpcReply<T> = { result: T } | { error: RpcErrorBody };

export const ERROR_CODE_HEADER = 'Nats-Service-Error-Code';
export const ERROR_HEADER = 'Nats-Service-Error';

/** errno used by TrueNAS for validation errors. */
export const EINVAL = 22;
