import { ALERT_RULES, type AlertRow, type AlertRule, type LogEntry } from '@authtrail/contracts';
import { addToAlert, alertRow, newAlert, type Alert } from './alert';
import type { DetectionConfig } from './detection-config';
import {
  countsDistinct,
  newHostDetections,
  openAlertKey,
  ORIGINS_PER_USER,
  WINDOW_RULES,
  type DetectionState,
  type HostDetections,
  type WindowRule,
} from './detection-state';
import { detectionTime, entrySignal, type EntrySignal } from './entry-signal';
import { KeyWindow } from './key-window';

/** An alert opened or closed by an entry, as it stood then. */
export interface AlertChange {
  change: 'opened' | 'closed';
  alert: AlertRow;
}

/** What one entry is, for one rule's step. */
interface Step {
  state: DetectionState;
  host: HostDetections;
  hostName: string;
  seq: number;
  at: number;
  signal: EntrySignal;
  out?: AlertChange[];
}

/**
 * The detections of docs/detections.md as a fold over the log: `detect` takes one entry at a
 * time, in log order, and updates the state in place; it reads nothing but the entry (no clock,
 * no I/O), so every replica and every restart folds the same log into the same alerts.
 */
export class Detector {
  private readonly rules: readonly AlertRule[];
  private readonly windowRules: readonly WindowRule[];
  private readonly exemptHosts: ReadonlySet<string>;
  private readonly exemptUsernames: ReadonlySet<string>;
  /** The shortest window of a rule that is on: how often a host's windows are swept. */
  private readonly sweepEvery: number;

  constructor(readonly config: DetectionConfig) {
    this.rules = ALERT_RULES.filter((rule) => config.rules[rule].enabled);
    this.windowRules = WINDOW_RULES.filter((rule) => config.rules[rule].enabled);
    this.exemptHosts = new Set(config.exemptHosts);
    this.exemptUsernames = new Set(config.exemptUsernames);
    this.sweepEvery = Math.min(...this.rules.map((rule) => config.rules[rule].windowMs));
  }

  /** True when some rule is on; with none, `detect` only records the seq. */
  get active(): boolean {
    return this.rules.length > 0;
  }

  /** Folds one entry; the alerts it opens or closes are added to `out` when given. */
  detect(state: DetectionState, entry: LogEntry, out?: AlertChange[]): void {
    state.lastSeq = entry.seq;
    if (!this.active || this.exemptHosts.has(entry.host)) return;
    const at = detectionTime(entry);
    let host = state.hosts.get(entry.host);
    const before = host?.clock;
    if (!host) state.hosts.set(entry.host, (host = newHostDetections(at, at + this.sweepEvery)));
    host.clock = Math.max(host.clock, at);
    if (host.clock >= host.nextCloseAt) this.closeDue(state, host, out);
    if (host.clock >= host.nextSweepAt) this.sweep(host);
    const signal = entrySignal(entry);
    if (!signal) return;
    if (signal.username !== undefined && this.exemptUsernames.has(signal.username)) return;
    const step: Step = { state, host, hostName: entry.host, seq: entry.seq, at, signal, out };
    let late = false;
    for (const rule of this.rules) {
      // More than the window behind the host's clock: too late to count (docs/detections.md).
      if (before !== undefined && at <= before - this.config.rules[rule].windowMs) late = true;
      else this.apply(rule, step);
    }
    if (late) state.counters.lateEntries++;
  }

  private apply(rule: AlertRule, step: Step): void {
    const { address, username, kind } = step.signal;
    switch (rule) {
      case 'brute_force':
        if (kind === 'failure' && address !== undefined)
          this.count(rule, step, address, undefined, { address, username: null });
        return;
      case 'spraying':
        if (kind === 'failure' && address !== undefined && username !== undefined)
          this.count(rule, step, address, username, { address, username: null });
        return;
      case 'distributed':
        if (kind === 'failure' && address !== undefined && username !== undefined)
          this.count(rule, step, username, address, { address: null, username });
        return;
      case 'break_in':
        if (address === undefined) return;
        if (kind === 'failure') this.addFailure(rule, step, address, undefined);
        else this.breakIn(step, address, username);
        return;
      case 'new_origin':
        if (kind === 'login' && address !== undefined && username !== undefined)
          this.newOrigin(step, username, address);
        return;
    }
  }

  /** Adds the entry to the window of `key` for `rule` (made for it when there is none). */
  private addFailure(rule: WindowRule, step: Step, key: string, value: string | undefined) {
    const windows = step.host.windows[rule];
    let window = windows.get(key);
    if (window) window.add(step.at, step.seq, value);
    else windows.set(key, (window = new KeyWindow(countsDistinct(rule), step.at, step.seq, value)));
    return window;
  }

  /**
   * A failure of `key` for a counting rule: it joins the key's open alert, or opens one when the
   * failures in (at - W, at] reach the threshold (distinct `value`s of them for spraying and
   * distributed).
   */
  private count(
    rule: 'brute_force' | 'spraying' | 'distributed',
    step: Step,
    key: string,
    value: string | undefined,
    about: { address: string | null; username: string | null },
  ): void {
    const window = this.addFailure(rule, step, key, value);
    const open = step.host.open.get(openAlertKey(rule, key));
    if (open) return this.join(open, step);
    const { threshold, windowMs } = this.config.rules[rule];
    const low = step.at - windowMs;
    const reached =
      value === undefined ? window.count(low, step.at) : window.distinct(low, step.at, threshold);
    if (reached < threshold) return;
    this.open(step, { rule, key, ...about, seqs: window.seqsBetween(low, step.at) });
  }

  /** A login from `address` while it has N failures or more in (at - W, at]. */
  private breakIn(step: Step, address: string, username: string | undefined): void {
    const open = step.host.open.get(openAlertKey('break_in', address));
    if (open) return this.join(open, step);
    const window = step.host.windows.break_in.get(address);
    const { threshold, windowMs } = this.config.rules.break_in;
    const low = step.at - windowMs;
    if (!window || window.count(low, step.at) < threshold) return;
    const seqs = window.seqsBetween(low, step.at);
    seqs.push(step.seq);
    this.open(step, { rule: 'break_in', key: address, address, username: username ?? null, seqs });
  }

  /** A login of `username` from an address not seen for it on this host (not its first). */
  private newOrigin(step: Step, username: string, address: string): void {
    const seen = step.host.origins.get(username);
    if (!seen) {
      step.host.origins.set(username, new Set([address]));
      return;
    }
    const known = seen.delete(address);
    seen.add(address);
    if (known) return;
    if (seen.size > ORIGINS_PER_USER) seen.delete(seen.values().next().value as string);
    const open = step.host.open.get(openAlertKey('new_origin', username));
    if (open) return this.join(open, step);
    this.open(step, { rule: 'new_origin', key: username, address, username, seqs: [step.seq] });
  }

  private join(alert: Alert, step: Step): void {
    addToAlert(alert, step.seq, step.at);
    const closesAt = alert.lastAt + this.config.rules[alert.rule].windowMs;
    step.host.nextCloseAt = Math.min(step.host.nextCloseAt, closesAt);
  }

  private open(
    step: Step,
    found: Pick<Alert, 'rule' | 'key' | 'address' | 'username'> & { seqs: number[] },
  ): void {
    const alert = newAlert({ ...found, host: step.hostName, at: step.at, seq: step.seq });
    step.state.alerts.push(alert);
    step.state.counters.opened[alert.rule]++;
    step.host.open.set(openAlertKey(alert.rule, alert.key), alert);
    const closesAt = alert.lastAt + this.config.rules[alert.rule].windowMs;
    step.host.nextCloseAt = Math.min(step.host.nextCloseAt, closesAt);
    step.out?.push({ change: 'opened', alert: alertRow(alert) });
  }

  /** Closes the host's alerts whose last entry is a window behind its clock: at last + W. */
  private closeDue(state: DetectionState, host: HostDetections, out?: AlertChange[]): void {
    let next = Number.POSITIVE_INFINITY;
    for (const [key, alert] of host.open) {
      const closesAt = alert.lastAt + this.config.rules[alert.rule].windowMs;
      if (closesAt > host.clock) {
        next = Math.min(next, closesAt);
        continue;
      }
      host.open.delete(key);
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
      const cutoff = host.clock - 2 * this.config.rules[rule].windowMs;
      for (const [key, window] of host.windows[rule]) {
        if (window.forgetUntil(cutoff)) host.windows[rule].delete(key);
      }
    }
    host.nextSweepAt = host.clock + this.sweepEvery;
  }
}
