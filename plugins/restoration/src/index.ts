import { definePlugin, findModel, ModelNotInstalledError, type Config, type TaskPlugin } from '@crs/core';
import { readManifests, type RestoreManifest } from './manifest.js';
import type { ModelRef } from './rasterProtocol.js';
import { restoreImage, type RestoreDeps } from './restore.js';
import { RestoreThreadPool } from './restoreThreads.js';

export { defaultModel, denoiseLevel, DEFAULT_DENOISE_LEVEL } from './choose.js';
export { BUILTIN_MANIFESTS, readManifests, restoreManifestSchema, type RestoreManifest } from './manifest.js';
export { RestoreModel, SESSION_OPTIONS } from './model.js';
export { TileRaster, type RasterSetup, type TileTensor } from './raster.js';
export type { ImagePixels, ModelRef, RestoreStats } from './rasterProtocol.js';
export { runPasses, type HoistedPad, type PassReport } from './graphPasses.js';
export { lowerThreadPriority, RESTORE_THREAD_NICE } from './threadPriority.js';
export { threadCpuNs, threadSchedNs } from './threadCpu.js';
export { RestoreThreadPool, type RestoredPixels, type ThreadRunOptions } from './restoreThreads.js';
export { decodeForRestore, restoreImage, upscaleTiles, type DecodedImage, type RestoreDeps } from './restore.js';
export { axisWeights, planTiles, splitAxis, tileGeometry, type Tile, type TilePlan } from './tiles.js';

/**
 * Models by name: the manifest (built-in or dropped into `restoration/`, seen
 * without a restart) and the file, checked to be there. Restore threads load
 * each into one session of their own on first use.
 */
export function modelRegistry(config: Config, threads = config.onnx.intraOpThreads): { get(name: string): Promise<ModelRef> } {
  return {
    async get(name) {
      const manifests = readManifests([config.modelsDir, ...config.modelsExtraDirs]);
      const manifest = manifests.get(name);
      if (!manifest) {
        throw new ModelNotInstalledError(`no restoration model ${name}; models: ${[...manifests.keys()].join(', ')} (add one with a manifest in restoration/ of the models directory)`, {
          details: { model: name, models: [...manifests.keys()] },
        });
      }
      return { manifest, file: findModel(config, manifest.file, 'restoration'), threads };
    },
  };
}

/** The restoration models whose files are present, for the evaluation and the bench. */
export function installedModels(config: Config): RestoreManifest[] {
  return [...readManifests([config.modelsDir, ...config.modelsExtraDirs]).values()].filter((m) => {
    try {
      return Boolean(findModel(config, m.file, 'restoration'));
    } catch {
      return false;
    }
  });
}

/**
 * `image.restore` on its own queue and in its own plugin (not inside
 * inpainting), so operators can give super-resolution, which is much heavier
 * per image, its own worker pool: WORKER_PLUGINS=restoration.
 */
export function createRestorationPlugin(): TaskPlugin {
  let deps: (RestoreDeps & { close(): Promise<void> }) | null = null;
  return definePlugin({
    name: 'restoration',
    async init(ctx) {
      const models = modelRegistry(ctx.config);
      const threads = new RestoreThreadPool({ nice: ctx.config.image.restoreThreadNice });
      deps = { maxPixels: ctx.config.image.maxPixels, model: (name) => models.get(name), threads, close: () => threads.close() };
    },
    handlers: {
      'image.restore'(input, ctx) {
        if (!deps) return Promise.reject(new Error('restoration used before init'));
        return restoreImage(input, ctx, deps);
      },
    },
    async close() {
      const d = deps;
      deps = null;
      await d?.close();
    },
  });
}

export default createRestorationPlugin();
