import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of background threads: the event loop's thread (nice 0) runs first. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's scheduling priority (Linux: a thread's nice value is its own, set
 * through its kernel thread id, which `/proc/thread-self` names). On a busy machine a long read
 * then takes the CPU the event loop leaves, instead of taking turns with it. Returns the thread
 * id it changed, or undefined where this cannot be done (another OS, a sandbox).
 */
export function lowerThreadPriority(nice = BACKGROUND_NICE): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return undefined;
    setPriority(tid, nice);
    return tid;
  } catch {
    return undefined;
  }
}
