import fs from 'node:fs';
import os from 'node:os';

/**
 * How much lower than the worker's own threads a restore thread runs (Linux
 * nice, 0–19) when RESTORE_THREAD_NICE does not say. A restore keeps a core
 * busy for seconds per megapixel; at the same priority as the worker's event
 * loop it takes the loop's turns whenever the machine has no idle core, and
 * other jobs' callbacks wait (the 2,000 px bench measured a p99 loop delay of
 * 79 ms that way on a loaded machine). onnxruntime's intra-op threads inherit
 * it, being started from this thread.
 */
export const RESTORE_THREAD_NICE = 10;

/**
 * Lowers the calling thread's priority (Linux threads have their own nice
 * value; /proc/thread-self names the thread's id). Elsewhere, or when not
 * allowed, it does nothing and says so.
 */
export function lowerThreadPriority(nice = RESTORE_THREAD_NICE): boolean {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    os.setPriority(tid, Math.max(os.getPriority(tid), nice));
    return true;
  } catch {
    return false;
  }
}
