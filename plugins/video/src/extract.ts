import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { contractSize } from '@crs/core/image';
import { runTool, ToolError } from './ffmpeg/runTool.js';

export interface ExtractOptions {
  ffmpeg: string;
  parallel: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onFrame?: (done: number, total: number) => void;
}

export type ExtractedFrame = { offsetMs: number; jpeg: Buffer } | { offsetMs: number; error: string };

/** The frame size the contract asks for, rounded to even numbers for the JPEG encoder's chroma planes. */
export function frameSize(width: number, height: number): { width: number; height: number } {
  const size = contractSize(width, height, false);
  return { width: Math.max(2, Math.round(size.width / 2) * 2), height: Math.max(2, Math.round(size.height / 2) * 2) };
}

/** Frames one ffmpeg process extracts: enough to spread its start-up cost, few enough to keep every process busy. */
const MAX_BATCH = 10;

/**
 * Several frames from one ffmpeg process: the file is opened once per instant
 * with `-ss` before `-i`, which seeks on the keyframe index and then decodes
 * accurately up to the instant, so only a few frames are decoded per sample,
 * never the stream up to that point. Each frame goes to its own JPEG file.
 */
async function grabBatch(file: string, offsets: number[], size: { width: number; height: number }, dir: string, options: ExtractOptions): Promise<(Buffer | null)[]> {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];
  for (const offsetMs of offsets) args.push('-ss', (offsetMs / 1000).toFixed(3), '-i', file);
  const outputs = offsets.map((_, i) => path.join(dir, `${i}.jpg`));
  offsets.forEach((_, i) => {
    args.push('-map', `${i}:v:0`, '-frames:v', '1', '-vf', `scale=${size.width}:${size.height}:flags=bilinear`, '-q:v', '3', '-f', 'image2', outputs[i]!);
  });
  await runTool(options.ffmpeg, args, { timeoutMs: options.timeoutMs, signal: options.signal });
  return Promise.all(outputs.map((o) => fs.readFile(o).then((b) => (b.length ? b : null), () => null)));
}

/** Extracts every frame, up to `parallel` ffmpeg processes at once; a frame that fails is reported, not fatal. */
export async function extractFrames(file: string, instants: number[], size: { width: number; height: number }, options: ExtractOptions): Promise<ExtractedFrame[]> {
  const out: ExtractedFrame[] = new Array(instants.length);
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.ceil(instants.length / (options.parallel * 2))));
  const batches: number[][] = [];
  for (let i = 0; i < instants.length; i += batchSize) batches.push(instants.slice(i, i + batchSize).map((_, j) => i + j));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'crs-frames-'));
  let done = 0;
  try {
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const batchDir = await fs.mkdtemp(path.join(dir, 'b'));
        let frames: (Buffer | null)[];
        try {
          frames = await grabBatch(file, batch.map((i) => instants[i]!), size, batchDir, options);
        } catch (err) {
          if (err instanceof ToolError && err.kind === 'aborted') throw err;
          // One bad instant fails the whole process: retry its frames one by one to find which.
          frames = [];
          for (const i of batch) frames.push(await grabBatch(file, [instants[i]!], size, batchDir, options).then((f) => f[0]!, () => null));
        }
        batch.forEach((i, j) => {
          const jpeg = frames[j];
          out[i] = jpeg ? { offsetMs: instants[i]!, jpeg } : { offsetMs: instants[i]!, error: 'no frame could be decoded at this instant' };
        });
        done += batch.length;
        options.onFrame?.(done, instants.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.parallel, batches.length) }, worker));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
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
  await runTool(options.ffmpeg, args, { timeoutMs: options.timeoutMs * 4, signal: options.signal, onStderr });
  return instants;
}
