import { readBootId } from '@authtrail/publisher';
import { isSameProcess } from './process-info';
import { SessionRecords } from './session-records';

export interface TerminateOptions {
  /** How long the process has after SIGTERM before SIGKILL, and after SIGKILL; default 5,000 ms. */
  graceMs?: number;
  /** The boot id file (default /proc/sys/kernel/random/boot_id): a record of another boot is no session. */
  bootIdFile?: string;
}

const POLL_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits up to `ms` for the process to end; true when it has. */
async function ended(pid: number, startTime: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isSameProcess(pid, startTime)) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Ends the PAM session `sessionId` of this host: finds the process `authtrail pam` recorded at
 * open_session (the same pid, start time and boot, so a reused pid is never signalled), marks the
 * record so that its close_session publishes no logout of its own (the terminate command's
 * TERMINATED is the one), sends SIGTERM, and SIGKILL when it is still there after the grace
 * period. True when the session's process has ended; false when there is no such live session.
 * Where systemd-logind runs, `loginctl terminate-session` is the alternative (docs/hosts.md).
 */
export async function terminatePamSession(
  stateDir: string,
  sessionId: string,
  options: TerminateOptions = {},
): Promise<boolean> {
  const graceMs = options.graceMs ?? 5_000;
  const records = new SessionRecords(stateDir);
  const found = records.find(sessionId);
  if (!found) return false;
  const { key, record } = found;
  if (
    record.boot_id !== readBootId(options.bootIdFile) ||
    !isSameProcess(record.pid, record.pid_start)
  ) {
    return false;
  }
  records.put(key, { ...record, terminating: true });
  signal(record.pid, 'SIGTERM');
  if (!(await ended(record.pid, record.pid_start, graceMs))) {
    signal(record.pid, 'SIGKILL');
    if (!(await ended(record.pid, record.pid_start, graceMs))) {
      throw new Error(
        `session ${sessionId}: process ${record.pid} is still there ${graceMs} ms after SIGKILL`,
      );
    }
  }
  records.remove(key);
  return true;
}
