import type { SessionsState } from '@authtrail/sessions';

/** One row of the console's Hosts page, as the query language sees it. */
export interface HostRow {
  host: string;
  /** Live sessions (internal ones included, as audit.stats counts them). */
  live_sessions: number;
  /** The current boot, or null for a host whose entries opened none (only failures, say). */
  boot_id: string | null;
  /** When the current boot began (the placement time of its first entry), ms. */
  boot_since: { $date: number } | null;
  /** Log entries of the host, every kind. */
  entries: number;
  /** Seq of the host's last entry that changed its sessions (0: none known). */
  last_change_seq: number;
  /** Alerts of the host open now (the detections' live state). */
  open_alerts: number;
}

/** How many alerts of a host are open: read from the detections' state, never by a scan. */
export type OpenAlerts = (host: string) => number;

/** Open alerts per host as the detections keep them (each host's collection of open alerts). */
export const openAlertsOf =
  (detections: { hosts: ReadonlyMap<string, { open: { readonly size: number } }> }): OpenAlerts =>
  (host) =>
    detections.hosts.get(host)?.open.size ?? 0;

/**
 * Every host the projection knows, as rows for the query language (built per request from the
 * projection's maps: counts and references, no session row is copied).
 */
export function* hostRows(state: SessionsState, openAlerts: OpenAlerts): Generator<HostRow> {
  const names = new Set([...state.hosts.keys(), ...state.entryCounts.keys()]);
  for (const host of names) {
    const sessions = state.hosts.get(host);
    const counts = state.entryCounts.get(host) ?? {};
    let entries = 0;
    for (const n of Object.values(counts)) entries += n;
    yield {
      host,
      live_sessions: sessions?.sessions.size ?? 0,
      boot_id: sessions?.bootId ?? null,
      boot_since: sessions ? { $date: sessions.bootStartedAt } : null,
      entries,
      last_change_seq: state.lastChangeSeqs.get(host) ?? 0,
      open_alerts: openAlerts(host),
    };
  }
}

/** Whether the projection knows `host` (it has an entry of it). */
export function knowsHost(state: SessionsState, host: string): boolean {
  return state.hosts.has(host) || state.entryCounts.has(host);
}
