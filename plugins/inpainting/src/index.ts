import { catalog, definePlugin, findModel, ModelNotInstalledError, type Config, type TaskPlugin } from '@crs/core';
import { ClassicalEngine } from './engines/classical.js';
import type { InpaintEngine } from './engines/engine.js';
import { readManifests, type InpaintManifest } from './engines/manifest.js';
import { OnnxEngine } from './engines/onnxEngine.js';
import { inpaintImage, type InpaintDeps } from './inpaint.js';
import { createRasterPool } from './rasterPool.js';

export { ClassicalEngine } from './engines/classical.js';
export { OnnxEngine, modelSize } from './engines/onnxEngine.js';
export { BUILTIN_MANIFESTS, inpaintManifestSchema, readManifests, type InpaintManifest } from './engines/manifest.js';
export { componentBoxes, planCrops } from './crops.js';
export { dilate, drawRegions, maskFromPixels } from './mask.js';
export { fillMasked, inpaintImage, type InpaintDeps } from './inpaint.js';
export { createRasterPool, inlineRaster, type Raster } from './rasterPool.js';
export type { FillOptions, InpaintEngine } from './engines/engine.js';
export type { Box, Mask, Rgb } from './raster.js';

/**
 * Engines by name: the classical ones always; ONNX models load on first use,
 * so a model fetched while the worker runs is picked up without a restart.
 */
export function engineRegistry(config: Config): { get(name: string): Promise<InpaintEngine>; close(): Promise<void> } {
  const loaded = new Map<string, Promise<InpaintEngine>>();
  const classical = new Map<string, InpaintEngine>([
    ['telea', new ClassicalEngine('telea')],
    ['navier-stokes', new ClassicalEngine('navier-stokes')],
  ]);
  return {
    get(name) {
      const builtin = classical.get(name);
      if (builtin) return Promise.resolve(builtin);
      const cached = loaded.get(name);
      if (cached) return cached;
      const manifests = readManifests([config.modelsDir, ...config.modelsExtraDirs]);
      const manifest = manifests.get(name);
      if (!manifest) {
        return Promise.reject(
          new ModelNotInstalledError(`no inpainting engine ${name}; engines: telea, navier-stokes, ${[...manifests.keys()].join(', ')} (models install with npm run models -- fetch <name>)`, {
            details: { engine: name, engines: ['telea', 'navier-stokes', ...manifests.keys()] },
          }),
        );
      }
      let file: string;
      try {
        file = findModel(config, manifest.file, name);
      } catch (err) {
        return Promise.reject(err);
      }
      const loading = OnnxEngine.load(manifest, file, config.onnx.intraOpThreads);
      loaded.set(name, loading);
      loading.catch(() => loaded.delete(name));
      return loading;
    },
    async close() {
      const engines = await Promise.allSettled(loaded.values());
      loaded.clear();
      for (const e of engines) if (e.status === 'fulfilled' && e.value instanceof OnnxEngine) await e.value.close();
    },
  };
}

/** The ONNX models whose files are present, for the evaluation and the bench. */
export function installedModels(config: Config): InpaintManifest[] {
  return [...readManifests([config.modelsDir, ...config.modelsExtraDirs]).values()].filter((m) => {
    try {
      return Boolean(findModel(config, m.file, m.name));
    } catch {
      return false;
    }
  });
}

export function createInpaintingPlugin(): TaskPlugin {
  let deps: (InpaintDeps & { close(): Promise<void> }) | null = null;
  return definePlugin({
    name: 'inpainting',
    async init(ctx) {
      // One thread per inpainting job this process may run at once; OpenCV is loaded in it at start so the first job does not pay for it.
      const raster = createRasterPool({ maxThreads: ctx.config.worker.concurrency['image.inpaint'] ?? catalog['image.inpaint'].concurrency });
      await raster.warm();
      const engines = engineRegistry(ctx.config);
      deps = {
        maxPixels: ctx.config.image.maxPixels,
        engine: (name) => engines.get(name),
        raster,
        close: async () => {
          await engines.close();
          await raster.close();
        },
      };
    },
    handlers: {
      'image.inpaint'(input, ctx) {
        if (!deps) return Promise.reject(new Error('inpainting used before init'));
        return inpaintImage(input, ctx, deps);
      },
    },
    async close() {
      const d = deps;
      deps = null;
      await d?.close();
    },
  });
}

export default createInpaintingPlugin();
