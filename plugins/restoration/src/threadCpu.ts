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
