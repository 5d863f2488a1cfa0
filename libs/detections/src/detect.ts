import { ALERT_RULES, type AlertRow, type AlertRule, type LogEntry } from '@authtrail/contracts';
import { addToAlert, alertRow, newAlert, type Alert } from './alert';
import type { DetectionConfig } from './detection-config';
import {
  countsDistinct,
  newHostDetections,
  ORIGINS_PER_USER,
  WINDOW_RULES,
  type DetectionState,
  type HostDetections,
  type WindowRule,
} from './detection-state';
import { detectionTime, readEntrySignal, type EntrySignal } from './entry-signal';
import { IsoTimeReader } from './iso-time';
import { KeyWindow } from './key-window';

/** An alert opened or closed by an entry, as it stood then. */
export interface AlertChange {
  change: 'opened' | 'closed';
  alert: AlertRow;
}

/**
 * The detections of docs/detections.md as a fold over the log: `detect` takes one entry at a
 * time, in log order, and updates the state in place; it reads nothing but the entry (no clock,
 * no I/O), so every replica and every restart folds the same log into the same alerts.
 */
export class Detector {
  private readonly rules: readonly AlertRule[];
  /** The window W (ms) of each of `rules`, in their order. */
  private readonly windowsMs: readonly number[];
  private readonly windowRules: readonly WindowRule[];
  private readonly exemptHosts: ReadonlySet<string>;
  private readonly exemptUsernames: ReadonlySet<string>;
  /** The shortest window of a rule that is on: how often a host's windows are swept. */
  private readonly sweepEvery: number;
  /** Reads the entries' recorded_at, the last one remembered (a burst's entries share it). */
  private readonly recordedTimes = new IsoTimeReader();
  /**
   * The entry being folded, as the rules read it: `detect` fills these for each entry (one entry
   * at a time, to the end), so that no object is made per entry.
   */
  private readonly signal: EntrySignal = {
    kind: 'failure',
    address: undefined,
    username: undefined,
  };
  private state!: DetectionState;
  private host!: HostDetections;
  private hostName = '';
  private seq = 0;
  private at = 0;
  private out: AlertChange[] | undefined;

  constructor(readonly config: DetectionConfig) {
    this.rules = ALERT_RULES.filter((rule) => config.rules[rule].enabled);
    this.windowsMs = this.rules.map((rule) => config.rules[rule].windowMs);
    this.windowRules = WINDOW_RULES.filter((rule) => config.rules[rule].enabled);
    this.exemptHosts = new Set(config.exemptHosts);
    this.exemptUsernames = new Set(config.exemptUsernames);
    this.sweepEvery = Math.min(...this.windowsMs);
  }

  /** True when some rule is on; with none, `detect` only records the seq. */
  get active(): boolean {
    return this.rules.length > 0;
  }

  /** Folds one entry; the alerts it opens or closes are added to `out` when given. */
  detect(state: DetectionState, entry: LogEntry, out?: AlertChange[]): void {
    state.lastSeq = entry.seq;
    if (!this.active || this.exemptHosts.has(entry.host)) return;
    const at = detectionTime(entry, this.recordedTimes);
    let host = state.hosts.get(entry.host);
    const before = host?.clock;
    if (!host) state.hosts.set(entry.host, (host = newHostDetections(at, at + this.sweepEvery)));
    host.clock = Math.max(host.clock, at);
    if (host.clock >= host.nextCloseAt) this.closeDue(state, host, out);
    if (host.clock >= host.nextSweepAt) this.sweep(host);
    const signal = this.signal;
    if (!readEntrySignal(entry, signal)) return;
    if (signal.username !== undefined && this.exemptUsernames.has(signal.username)) return;
    this.state = state;
    this.host = host;
    this.hostName = entry.host;
    this.seq = entry.seq;
    this.at = at;
    this.out = out;
    let late = false;
    for (let i = 0; i < this.rules.length; i++) {
      // More than the window behind the host's clock: too late to count (docs/detections.md).
      if (before !== undefined && at <= before - this.windowsMs[i]) late = true;
      else this.apply(this.rules[i], signal);
    }
    if (late) state.counters.lateEntries++;
  }

  private apply(rule: AlertRule, signal: EntrySignal): void {
    const { address, username, kind } = signal;
    switch (rule) {
      case 'brute_force':
        if (kind === 'failure' && address !== undefined)
          this.count(rule, address, undefined, address, null);
        return;
      case 'spraying':
        if (kind === 'failure' && address !== undefined && username !== undefined)
          this.count(rule, address, username, address, null);
        return;
      case 'distributed':
        if (kind === 'failure' && address !== undefined && username !== undefined)
          this.count(rule, username, address, null, username);
        return;
      case 'break_in':
        if (address === undefined) return;
        if (kind === 'failure') this.addFailure(rule, address, undefined);
        else this.breakIn(address, username);
        return;
      case 'new_origin':
        if (kind === 'login' && address !== undefined && username !== undefined)
          this.newOrigin(username, address);
        return;
    }
  }

  /** Adds the entry to the window of `key` for `rule` (made for it when there is none). */
  private addFailure(rule: WindowRule, key: string, value: string | undefined): KeyWindow {
    const windows = this.host.windows[rule];
    let window = windows.get(key);
    if (window) window.add(this.at, this.seq, value);
    else windows.set(key, (window = new KeyWindow(countsDistinct(rule), this.at, this.seq, value)));
    return window;
  }

  /**
   * A failure of `key` for a counting rule: it joins the key's open alert, or opens one when the
   * failures in (at - W, at] reach the threshold (distinct `value`s of them for spraying and
   * distributed).
   */
  private count(
    rule: 'brute_force' | 'spraying' | 'distributed',
    key: string,
    value: string | undefined,
    address: string | null,
    username: string | null,
  ): void {
    const window = this.addFailure(rule, key, value);
    const open = this.host.openByKey[rule].get(key);
    if (open) return this.join(open);
    const { threshold, windowMs } = this.config.rules[rule];
    const at = this.at;
    const low = at - windowMs;
    const reached =
      value === undefined ? window.count(low, at) : window.distinct(low, at, threshold);
    if (reached < threshold) return;
    this.open(rule, key, address, username, window.seqsBetween(low, at));
  }

  /** A login from `address` while it has N failures or more in (at - W, at]. */
  private breakIn(address: string, username: string | undefined): void {
    const open = this.host.openByKey.break_in.get(address);
    if (open) return this.join(open);
    const window = this.host.windows.break_in.get(address);
    const { threshold, windowMs } = this.config.rules.break_in;
    const low = this.at - windowMs;
    if (!window || window.count(low, this.at) < threshold) return;
    const seqs = window.seqsBetween(low, this.at);
    seqs.push(this.seq);
    this.open('break_in', address, address, username ?? null, seqs);
  }

  /** A login of `username` from an address not seen for it on this host (not its first). */
  private newOrigin(username: string, address: string): void {
    const seen = this.host.origins.get(username);
    if (!seen) {
      this.host.origins.set(username, new Set([address]));
      return;
    }
    const known = seen.delete(address);
    seen.add(address);
    if (known) return;
    if (seen.size > ORIGINS_PER_USER) seen.delete(seen.values().next().value as string);
    const open = this.host.openByKey.new_origin.get(username);
    if (open) return this.join(open);
    this.open('new_origin', username, address, username, [this.seq]);
  }

  private join(alert: Alert): void {
    addToAlert(alert, this.seq, this.at);
    const closesAt = alert.lastAt + this.config.rules[alert.rule].windowMs;
    this.host.nextCloseAt = Math.min(this.host.nextCloseAt, closesAt);
  }

  private open(
    rule: AlertRule,
    key: string,
    address: string | null,
    username: string | null,
    seqs: number[],
  ): void {
    const { host, seq, at } = this;
    const alert = newAlert({ rule, key, address, username, seqs, host: this.hostName, at, seq });
    this.state.alerts.push(alert);
    this.state.counters.opened[rule]++;
    host.open.add(alert);
    host.openByKey[rule].set(key, alert);
    const closesAt = alert.lastAt + this.config.rules[rule].windowMs;
    host.nextCloseAt = Math.min(host.nextCloseAt, closesAt);
    this.out?.push({ change: 'opened', alert: alertRow(alert) });
  }

  /** Closes the host's alerts whose last entry is a window behind its clock: at last + W. */
  private closeDue(state: DetectionState, host: HostDetections, out?: AlertChange[]): void {
    let next = Number.POSITIVE_INFINITY;
    for (const alert of host.open) {
      const closesAt = alert.lastAt + this.config.rules[alert.rule].windowMs;
      if (closesAt > host.clock) {
        next = Math.min(next, closesAt);
        continue;
      }
      host.open.delete(alert);
      host.openByKey[alert.rule].delete(alert.key);
      alert.closedAt = closesAt;
      alert.row = undefined;
      state.closedKept++;
      state.counters.closed[alert.rule]++;
      out?.push({ change: 'closed', alert: alertRow(alert) });
    }
    host.nextCloseAt = next;
    this.forgetClosed(state);
  }

  /**
   * Beyond `alertsKept` closed alerts (and a tenth more, so that this runs seldom), the ones that
   * opened first are forgotten down to `alertsKept`.
   */
  private forgetClosed(state: DetectionState): void {
    const kept = this.config.alertsKept;
    if (state.closedKept <= kept + Math.floor(kept / 10)) return;
    let drop = state.closedKept - kept;
    state.counters.forgotten += drop;
    state.closedKept = kept;
    state.alerts = state.alerts.filter((alert) => alert.closedAt === null || drop-- <= 0);
  }

  /**
   * Forgets the failures no entry can count any more: a window reaches back W from an entry that
   * is not late (later than the host's clock minus W), so nothing at or before clock - 2W.
   */
  private sweep(host: HostDetections): void {
    for (const rule of this.windowRules) {
      this.cutoff = host.clock - 2 * this.config.rules[rule].windowMs;
      host.windows[rule].forEach(this.sweepWindow);
    }
    host.nextSweepAt = host.clock + this.sweepEvery;
  }

  /** The time at or before which `sweepWindow` forgets failures, set by `sweep` per rule. */
  private cutoff = 0;

  /**
   * Forgets a window's failures at or before `cutoff`, and the window when none is left: one
   * function for every sweep, rather than one made per sweep.
   */
  private readonly sweepWindow = (
    window: KeyWindow,
    key: string,
    windows: Map<string, KeyWindow>,
  ): void => {
    // Most windows are wholly past: dropped without moving their items first.
    if (window.newestAt <= this.cutoff || window.forgetUntil(this.cutoff)) windows.delete(key);
  };
}
