import { readMedia, type Config, type FaceLibrary, type JobContext, type MediaRef, type WatchlistCache } from '@crs/core';
import type { FaceEngine } from '../engine.js';
import type { IndexCache } from '../library/indexCache.js';

/** What every face task handler uses, built once per process by the plugin's init. */
export interface FaceDeps {
  config: Config;
  engine: FaceEngine;
  library: FaceLibrary;
  indexes: IndexCache;
  /** The tenant's watchlists (collections with a moderation category), cached per version. */
  watchlists: WatchlistCache;
}

export async function imageBytes(ctx: JobContext, ref: MediaRef): Promise<Buffer> {
  ctx.signal.throwIfAborted();
  return (await readMedia(ctx.blobs, ctx.tenant, ref)).bytes;
}
