/** Query RPC shapes of contract §5. */
export const SESSION_FIELDS = [
  'id',
  'current',
  'internal',
  'origin',
  'credentials',
  'credentials_data',
  'created_at',
] as const;
export type SessionField = (typeof SESSION_FIELDS)[number];

export interface DateValue {
  $date: number;
}

/** A row of `auth.sessions`, in TrueNAS key order. */
export interface SessionRow {
  id: string;
  current: boolean;
  internal: boolean;
  origin: string;
  credentials: string;
  credentials_data: Record<string, unknown>;
  created_at: DateValue;
}

export type Filter = unknown[];
export interface QueryOptions {
  select?: (string | [string, string])[];
  order_by?: string[];
  offset?: number;
  limit?: number;
  count?: boolean;
  get?: boolean;
  extra?: Record<string, unknown>;
  force_sql_filters?: boolean;
}

export interface SessionsRequest {
  filters?: Filter[];
  options?: QueryOptions;
  host?: string;
  caller_session_id?: string;
  after_seq?: number;
}

export type SessionsResult = SessionRow[] | Partial<SessionRow>[] | SessionRow | number;
