import fs from 'node:fs';

/**
 * CPU time the calling thread has used, in nanoseconds (Linux
 * /proc/thread-self/schedstat), or NaN where that does not exist. With one
 * intra-op thread onnxruntime infers on the calling thread, so a restore
 * thread's own figure is the inference's and the raster work's cost, apart
 * from whatever else the process and the machine are doing.
 */
export function threadCpuNs(): number {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

/**
 * The calling thread's CPU time and the time it spent ready but waiting for a
 * CPU (run-queue delay), in nanoseconds; NaN where the system does not tell.
 * An event loop's delay is the sum of its own callbacks and that wait, and
 * only the first is the process's doing on a machine shared with others.
 */
export function threadSchedNs(): { cpu: number; wait: number } {
  try {
    const [cpu, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return { cpu: Number(cpu), wait: Number(wait) };
  } catch {
    return { cpu: Number.NaN, wait: Number.NaN };
  }
}
