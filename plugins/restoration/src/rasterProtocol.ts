import type { RestoreManifest } from './manifest.js';

/** A model as a restore thread loads it: its manifest, its file, and onnxruntime's intra-op threads (0: one per core). */
export interface ModelRef {
  manifest: RestoreManifest;
  file: string;
  threads: number;
  /** false: the file runs exactly as published, without the graph passes of graphPasses.ts (the bench's baseline). */
  graphPasses?: boolean;
}

/** What one restore cost its thread; CPU figures are NaN where the system does not tell them. */
export interface RestoreStats {
  /** CPU time of the restore thread for the whole job: cutting, inference (on this thread with one intra-op thread) and blending. */
  threadCpuMs: number;
  /** The part of it spent inside onnxruntime's run, on this thread (with more intra-op threads, their time is not in it). */
  inferenceCpuMs: number;
  /** Input pixels the model processed, context included: the tiling's waste shows against the image's own. */
  modelPixels: number;
}

export interface ImagePixels {
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Messages between a job and its restore thread; `id` names the job. */
export type ThreadRequest = { op: 'restore'; id: number; model: ModelRef; image: ImagePixels } | { op: 'cancel'; id: number } | { op: 'close' };

export type ThreadReply =
  | { id: number; type: 'tile'; done: number; all: number }
  | { id: number; type: 'done'; rgb: Uint8Array; alpha: Uint8Array | null; width: number; height: number; tiles: number; stats: RestoreStats }
  | { id: number; type: 'canceled' }
  | { id: number; type: 'failed'; message: string };
