import { spawn } from 'node:child_process';
import { mediaToolFailure, ToolError } from '@crs/core';

/** Samples per block handed on: 32 voice-detection windows, about 1 s of 16 kHz audio (64 KiB). */
export const DECODE_BLOCK_SAMPLES = 16_384;

/** Three hours of 16 kHz float samples: beyond that the output is a failure, whatever the probe said. */
const MAX_OUTPUT_BYTES = 16_000 * 4 * 3 * 3600;

export interface DecodeOptions {
  /** The whole decode, including the time the consumer spends on each block (ffmpeg waits for it). */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  blockSamples?: number;
}

/**
 * The media's sound as 16 kHz mono float PCM in [-1, 1], in blocks of
 * `blockSamples` (the last one shorter), read from ffmpeg's pipe as the
 * consumer asks for them: ffmpeg waits while a block is being worked on, so
 * memory holds one block whatever the length of the file. A hung or
 * aborted ffmpeg is killed, as is one whose consumer stops early.
 */
export async function* decodePcmBlocks(ffmpeg: string, file: string, options: DecodeOptions): AsyncGenerator<Float32Array> {
  if (options.signal?.aborted) throw new ToolError('aborted', 'aborted');
  const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-vn', '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let failure: ToolError | null = null;
  const fail = (err: ToolError) => {
    failure ??= err;
    child.kill('SIGKILL');
  };
  // Paths stay out of messages: they reach the caller.
  const timer = setTimeout(() => fail(new ToolError(`ffmpeg ran longer than ${options.timeoutMs} ms`, 'timeout')), options.timeoutMs);
  const onAbort = () => fail(new ToolError('aborted', 'aborted'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const ended = new Promise<number | string | null>((resolve) => {
    child.on('close', (code, signal) => resolve(code ?? signal));
    child.on('error', (err) => {
      fail(new ToolError(`ffmpeg could not start: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, 'spawn'));
      resolve(null);
    });
  });
  child.stderr.on('data', (chunk: Buffer) => {
    // The tail holds the reason.
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const block = new Uint8Array((options.blockSamples ?? DECODE_BLOCK_SAMPLES) * 4);
  let filled = 0;
  let total = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_OUTPUT_BYTES) fail(new ToolError(`ffmpeg wrote more than ${MAX_OUTPUT_BYTES} bytes`, 'output'));
      if (failure) break;
      for (let at = 0; at < chunk.length; ) {
        const n = Math.min(block.length - filled, chunk.length - at);
        block.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === block.length) {
          // A fresh, aligned copy: the consumer may keep it.
          yield new Float32Array(block.slice().buffer);
          filled = 0;
        }
      }
    }
    const code = await ended;
    if (failure) throw failure;
    if (code !== 0) {
      const reason = stderr.split(file).join('the file').trim().split('\n').slice(-3).join(' | ');
      throw new ToolError(`ffmpeg exited with ${code}: ${reason}`, 'exit');
    }
    const whole = filled - (filled % 4);
    if (whole) yield new Float32Array(block.slice(0, whole).buffer);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** ffmpeg's failure as the caller should see it (mediaToolFailure: no paths, an abort stays an abort); other errors pass. */
export function decodeError(err: unknown): unknown {
  return err instanceof ToolError ? mediaToolFailure(err, 'audio') : err;
}
