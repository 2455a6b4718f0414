import { spawn } from 'node:child_process';

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Output beyond this is a failure, not a memory problem. */
  maxOutputBytes?: number;
  /** Sees all of stderr as it comes (only its tail is kept for errors). */
  onStderr?: (text: string) => void;
}

export class ToolError extends Error {
  constructor(
    message: string,
    readonly kind: 'exit' | 'timeout' | 'aborted' | 'spawn' | 'output',
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/**
 * Runs ffmpeg or ffprobe and collects its output. A hung process is killed
 * (SIGKILL) at the deadline or when the job is aborted, so a bad file can never
 * hold a job; a non-zero exit reports the end of stderr.
 */
export function runTool(binary: string, args: string[], options: RunOptions): Promise<{ stdout: Buffer; stderr: string }> {
  if (options.signal?.aborted) return Promise.reject(new ToolError('aborted', 'aborted'));
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let settled = false;
    const finish = (err: ToolError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve({ stdout: Buffer.concat(out), stderr });
    };
    const timer = setTimeout(() => finish(new ToolError(`${binary} ran longer than ${options.timeoutMs} ms`, 'timeout')), options.timeoutMs);
    const onAbort = () => finish(new ToolError('aborted', 'aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (options.maxOutputBytes && outBytes > options.maxOutputBytes) finish(new ToolError(`${binary} wrote more than ${options.maxOutputBytes} bytes`, 'output'));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      options.onStderr?.(text);
      // Keep the tail only: it holds the reason.
      stderr = (stderr + text).slice(-4000);
    });
    child.on('error', (err) => finish(new ToolError(`${binary} could not start: ${err.message}`, 'spawn')));
    child.on('close', (code, signal) => {
      if (code === 0) finish(null);
      else finish(new ToolError(`${binary} exited with ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, 'exit'));
    });
  });
}
