import { readFileSync } from 'node:fs';

/** A process as /proc/<pid>/stat shows it: its state letter and start time. */
export interface ProcessInfo {
  state: string;
  /** Clock ticks after boot at which it started: with the pid, names one process of a boot. */
  startTime: string;
}

/**
 * Fields 3 (state) and 22 (starttime) of a /proc/<pid>/stat text. The command name (field 2)
 * is in parentheses and may hold anything, spaces and parentheses too, so the fields are counted
 * after its last `)`.
 */
export function parseProcStat(text: string): ProcessInfo | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const state = fields[0];
  const startTime = fields[19];
  if (!state || !startTime || !/^\d+$/.test(startTime)) return undefined;
  return { state, startTime };
}

/** The process `pid`, or undefined when there is none (a zombie counts as none: it has ended). */
export function processInfo(pid: number, proc = '/proc'): ProcessInfo | undefined {
  let text: string;
  try {
    text = readFileSync(`${proc}/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const info = parseProcStat(text);
  return info && info.state !== 'Z' && info.state !== 'X' ? info : undefined;
}

/** Whether `pid` is still the process that started at `startTime`. */
export function isSameProcess(pid: number, startTime: string): boolean {
  return processInfo(pid)?.startTime === startTime;
}
