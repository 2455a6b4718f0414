import { definePlugin, findModel, ModelNotInstalledError, type Config, type TaskPlugin } from '@crs/core';
import { readManifests, type RestoreManifest } from './manifest.js';
import { RestoreModel } from './model.js';
import { restoreImage, type RestoreDeps } from './restore.js';

export { defaultModel, denoiseLevel, DEFAULT_DENOISE_LEVEL } from './choose.js';
export { BUILTIN_MANIFESTS, readManifests, restoreManifestSchema, type RestoreManifest } from './manifest.js';
export { RestoreModel } from './model.js';
export { TileRaster, type RasterSetup, type TileTensor } from './raster.js';
export { decodeForRestore, restoreImage, upscaleTiles, type DecodedImage, type RestoreDeps } from './restore.js';
export { axisWeights, planTiles, splitAxis, type Tile, type TilePlan } from './tiles.js';

/**
 * Models by name, each loaded on first use into one session the process
 * shares; a manifest dropped into `restoration/` is seen without a restart.
 */
export function modelRegistry(config: Config, threads = config.onnx.intraOpThreads): { get(name: string): Promise<RestoreModel>; close(): Promise<void> } {
  const loaded = new Map<string, Promise<RestoreModel>>();
  return {
    get(name) {
      const cached = loaded.get(name);
      if (cached) return cached;
      const manifests = readManifests([config.modelsDir, ...config.modelsExtraDirs]);
      const manifest = manifests.get(name);
      if (!manifest) {
        return Promise.reject(
          new ModelNotInstalledError(`no restoration model ${name}; models: ${[...manifests.keys()].join(', ')} (add one with a manifest in restoration/ of the models directory)`, {
            details: { model: name, models: [...manifests.keys()] },
          }),
        );
      }
      let file: string;
      try {
        file = findModel(config, manifest.file, 'restoration');
      } catch (err) {
        return Promise.reject(err);
      }
      const loading = RestoreModel.load(manifest, file, threads);
      loaded.set(name, loading);
      loading.catch(() => loaded.delete(name));
      return loading;
    },
    async close() {
      const models = await Promise.allSettled(loaded.values());
      loaded.clear();
      for (const m of models) if (m.status === 'fulfilled') await m.value.close();
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
      deps = { maxPixels: ctx.config.image.maxPixels, model: (name) => models.get(name), close: () => models.close() };
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
