import { contractSize } from '@crs/core/image';
import { mediaToolFailure, runTool, ToolError } from '@crs/core';

export interface ExtractOptions {
  ffmpeg: string;
  parallel: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onFrame?: (done: number, total: number) => void;
  /** Sees why a frame failed (ffmpeg's words, with server paths: for the log, not the result). */
  onFrameError?: (offsetMs: number, err: unknown) => void;
}

export type ExtractedFrame = { offsetMs: number; jpeg: Buffer } | { offsetMs: number; error: string };

/** The frame size the contract asks for, rounded to even numbers for the JPEG encoder's chroma planes. */
export function frameSize(width: number, height: number): { width: number; height: number } {
  const size = contractSize(width, height, false);
  return { width: Math.max(2, Math.round(size.width / 2) * 2), height: Math.max(2, Math.round(size.height / 2) * 2) };
}

/**
 * One frame at `offsetMs`: `-ss` before `-i` seeks on the keyframe index and
 * then decodes accurately up to the instant, so only the frames since the last
 * keyframe are decoded, never the stream up to that point. (One process per
 * frame measured faster than one process opening the file at several instants,
 * which decodes its inputs in lockstep.)
 */
async function grab(file: string, offsetMs: number, size: { width: number; height: number }, options: ExtractOptions): Promise<Buffer> {
  // One decoding thread per process (processes run in parallel instead: frame threads only add start-up
  // latency for the few frames decoded here) and no deblocking, which a classifier at 512 px does not need.
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-threads', '1', '-skip_loop_filter', 'all'];
  args.push('-ss', (offsetMs / 1000).toFixed(3), '-i', file, '-frames:v', '1', '-an', '-sn', '-dn');
  args.push('-vf', `scale=${size.width}:${size.height}:flags=bilinear`, '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1');
  const { stdout } = await runTool(options.ffmpeg, args, { timeoutMs: options.timeoutMs, signal: options.signal, maxOutputBytes: 16 * 1024 * 1024 });
  return stdout;
}

/** Extracts every frame with up to `parallel` ffmpeg processes at once; a frame that fails is reported, not fatal. */
export async function extractFrames(file: string, instants: number[], size: { width: number; height: number }, options: ExtractOptions): Promise<ExtractedFrame[]> {
  const out: ExtractedFrame[] = new Array(instants.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < instants.length) {
      const i = next++;
      const offsetMs = instants[i]!;
      try {
        const jpeg = await grab(file, offsetMs, size, options);
        out[i] = jpeg.length ? { offsetMs, jpeg } : { offsetMs, error: 'no frame could be decoded at this instant' };
      } catch (err) {
        if (err instanceof ToolError && err.kind === 'aborted') throw err;
        options.onFrameError?.(offsetMs, err);
        out[i] = { offsetMs, error: 'no frame could be decoded at this instant: the file may be truncated or damaged here' };
      }
      options.onFrame?.(++done, instants.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, instants.length) }, worker));
  return out;
}

/**
 * Scene-change sampling: one decoding pass with ffmpeg's scene score, keeping
 * the first frame and every frame whose score passes `threshold`, at most `max`.
 */
export async function sceneInstants(file: string, threshold: number, max: number, options: ExtractOptions): Promise<number[]> {
  const args = ['-hide_banner', '-nostdin', '-i', file, '-an', '-sn', '-dn', '-vf', `scale=320:-2,select='eq(n\\,0)+gt(scene\\,${threshold})',showinfo`, '-vsync', 'vfr', '-f', 'null', '-'];
  const instants: number[] = [];
  let partial = '';
  // showinfo writes one line per selected frame to stderr; a line may arrive in two chunks.
  const onStderr = (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = /pts_time:([\d.]+)/.exec(line);
      if (m && instants.length < max) instants.push(Math.round(Number(m[1]) * 1000));
    }
  };
  // The whole stream is decoded here (at a small size), so it gets a longer deadline than one frame.
  try {
    await runTool(options.ffmpeg, args, { timeoutMs: options.timeoutMs * 4, signal: options.signal, onStderr });
  } catch (err) {
    throw mediaToolFailure(err, 'video');
  }
  return instants;
}
