import path from 'node:path';
import { definePlugin, FaceLibrary, findModel, redisKeys, TextPolicyStore, WatchlistCache, type Logger, type PluginInitContext, type TaskPlugin } from '@crs/core';
import { Classifier } from './classifiers/classifier.js';
import { NSFW_DESCRIPTOR, NSFW_MODEL_FILE } from './classifiers/descriptor.js';
import { loadDescriptors } from './classifiers/loadDescriptors.js';
import { ensureConvertedModel } from './convert/convertedModel.js';
import { NSFWJS_SOURCE, readTfjsModelFiles } from './convert/nsfwjsSource.js';
import { CodeReader } from './codes/codeReader.js';
import { moderateImage, type ImageModerationDeps } from './moderateImage.js';

export { Classifier } from './classifiers/classifier.js';
export { classifierDescriptorSchema, NSFW_DESCRIPTOR, NSFW_MODEL_FILE, type ClassifierDescriptor } from './classifiers/descriptor.js';
export { ensureConvertedModel } from './convert/convertedModel.js';
export { NSFWJS_SOURCE, readTfjsModelFiles } from './convert/nsfwjsSource.js';
export { kerasToOnnx } from './convert/kerasToOnnx.js';
export { readTfjsLayersModel } from './convert/tfjsLayersModel.js';
export { BatchingSession } from './runtime/batchingSession.js';
export { CodeReader } from './codes/codeReader.js';
export { CODE_PRESENCE_SCORE } from './codes/codeFindings.js';

/**
 * Converts nsfwjs' MobileNetV2 (the TF.js model at `sourceJson`, shipped in
 * models/) into the cache directory unless a current conversion is there
 * already. Never into a models directory: those are read only.
 */
export async function ensureNsfwModel(cacheDir: string, sourceJson: string, logger?: Logger): Promise<string> {
  const started = Date.now();
  const { file, converted } = await ensureConvertedModel({
    file: path.join(cacheDir, NSFW_MODEL_FILE),
    inputName: NSFW_DESCRIPTOR.input.name!,
    outputName: NSFW_DESCRIPTOR.output.name!,
    source: () => readTfjsModelFiles(sourceJson),
  });
  if (converted) logger?.info({ file, ms: Date.now() - started }, 'nsfwjs MobileNetV2 converted to ONNX');
  return file;
}

async function loadClassifiers({ modelsDir, config, logger }: PluginInitContext): Promise<Map<string, Classifier>> {
  const wanted = config.image.classifiers;
  const searched = { ...config, modelsDir };
  const descriptors = (await loadDescriptors([modelsDir, ...config.modelsExtraDirs], logger)).filter((d) => !wanted || wanted.includes(d.name));
  const loaded = new Map<string, Classifier>();
  for (const d of descriptors) {
    const started = Date.now();
    try {
      const file =
        d.model === NSFW_MODEL_FILE
          ? await ensureNsfwModel(config.cacheDir, findModel(searched, NSFWJS_SOURCE, 'nsfw'), logger)
          : path.isAbsolute(d.model)
            ? d.model
            : findModel(searched, d.model, d.name);
      loaded.set(d.name, await Classifier.load(d, file, { intraOpThreads: config.onnx.intraOpThreads, maxBatch: config.onnx.maxBatch }));
      logger.info({ classifier: d.name, ms: Date.now() - started }, 'classifier loaded');
    } catch (err) {
      // One missing extra model must not take image moderation down; requests naming it get model_not_installed.
      logger.error({ classifier: d.name, model: d.model, err: (err as Error).message }, 'classifier not loaded');
    }
  }
  if (!loaded.size) throw new Error('no image classifier could be loaded (see the errors logged above)');
  return loaded;
}

export function createImageClassifierPlugin(): TaskPlugin {
  let deps: ImageModerationDeps | null = null;
  return definePlugin({
    name: 'image-classifier',
    async init(ctx) {
      // Hosts without Redis (the bench) have no tenant thresholds: the defaults apply.
      const keys = redisKeys(ctx.config.redis.prefix);
      const policies = ctx.redis ? new TextPolicyStore(ctx.redis, keys) : null;
      deps = {
        classifiers: await loadClassifiers(ctx),
        limits: { maxPixels: ctx.config.image.maxPixels, maxFrames: ctx.config.image.maxFrames },
        codes: new CodeReader(),
        tenantThresholds: async (tenant) => (policies ? policies.thresholds(tenant) : {}),
        watchlists: ctx.redis ? new WatchlistCache(new FaceLibrary(ctx.redis, keys)) : null,
      };
    },
    handlers: {
      'image.moderate'(input, ctx) {
        if (!deps) return Promise.reject(new Error('image-classifier used before init'));
        return moderateImage(input, ctx, deps);
      },
    },
    async close() {
      const classifiers = deps ? [...deps.classifiers.values()] : [];
      const codes = deps?.codes;
      deps = null;
      await Promise.all([...classifiers.map((c) => c.close()), codes?.close()]);
    },
  });
}

export default createImageClassifierPlugin();
