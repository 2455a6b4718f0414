import { definePlugin, FaceLibrary, redisKeys, WatchlistCache, type JobContext, type TaskPlugin } from '@crs/core';
import { FaceEngine } from './engine.js';
import { IndexCache } from './library/indexCache.js';
import { compareFaces } from './tasks/compare.js';
import type { FaceDeps } from './tasks/deps.js';
import { detectFaces } from './tasks/detect.js';
import { embedFaces } from './tasks/embed.js';
import { enrollFace } from './tasks/enroll.js';
import { checkLiveness } from './tasks/liveness.js';
import { searchFaces } from './tasks/search.js';
import { watchFaces } from './tasks/watch.js';

export { FaceEngine, type Analysis, type AnalysedFace } from './engine.js';
export { ExactIndex, type FaceIndex, type IndexHit } from './library/faceIndex.js';
export { IndexCache } from './library/indexCache.js';
export { estimateSimilarity, warpSimilarity } from './align/similarity.js';
export { cosine, similarityOf, l2normalise } from './embed/embedder.js';
export { livenessCrop } from './liveness/liveness.js';
export { embedderManifestSchema, MOBILEFACENET, type EmbedderManifest } from './models/embedderManifest.js';
export { DETECTOR_MODEL, LIVENESS_MODELS, FACE_FETCH_NAME } from './models/files.js';
export { poseOf, qualityOf } from './quality.js';
export { augment, AUGMENTATIONS, cutFace } from './evaluation/augment.js';

export function createFacePlugin(): TaskPlugin {
  let deps: FaceDeps | null = null;
  // Every task reads media and runs models: a canceled job stops before either.
  const ready = (ctx: JobContext): FaceDeps => {
    ctx.signal.throwIfAborted();
    if (!deps) throw new Error('face plugin used before init');
    return deps;
  };
  return definePlugin({
    name: 'face',
    async init(ctx) {
      const library = new FaceLibrary(ctx.redis, redisKeys(ctx.config.redis.prefix));
      deps = {
        config: ctx.config,
        engine: await FaceEngine.load(ctx.config, ctx.logger),
        library,
        indexes: new IndexCache(library),
        watchlists: new WatchlistCache(library),
      };
    },
    handlers: {
      'face.detect': async (input, ctx) => detectFaces(input, ctx, ready(ctx)),
      'face.embed': async (input, ctx) => embedFaces(input, ctx, ready(ctx)),
      'face.compare': async (input, ctx) => compareFaces(input, ctx, ready(ctx)),
      'face.search': async (input, ctx) => searchFaces(input, ctx, ready(ctx)),
      'face.liveness': async (input, ctx) => checkLiveness(input, ctx, ready(ctx)),
      'face.enroll': async (input, ctx) => enrollFace(input, ctx, ready(ctx)),
      'face.watch': async (input, ctx) => watchFaces(input, ctx, ready(ctx)),
    },
    async close() {
      const engine = deps?.engine;
      deps = null;
      await engine?.close();
    },
  });
}

export default createFacePlugin();
