import type { RestoreManifest } from './manifest.js';

/** A model as a restore thread loads it: its manifest, its file, and onnxruntime's intra-op threads (0: one per core). */
export interface ModelRef {
  manifest: RestoreManifest;
  file: string;
  threads: number;
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
  | { id: number; type: 'done'; rgb: Uint8Array; alpha: Uint8Array | null; width: number; height: number; tiles: number }
  | { id: number; type: 'canceled' }
  | { id: number; type: 'failed'; message: string };
