import path from 'node:path';
import { definePlugin, FaceLibrary, findModel, ModelNotInstalledError, redisKeys, TextPolicyStore, WatchlistCache, type Logger, type PluginInitContext, type TaskPlugin } from '@crs/core';
import { Classifier } from './classifiers/classifier.js';
import { NSFW_DESCRIPTOR, NSFW_MODEL_FILE } from './classifiers/descriptor.js';
import { loadDescriptors } from './classifiers/loadDescriptors.js';
import { ensureConvertedModel } from './convert/convertedModel.js';
import { BUILTIN_MODELS, ensureBuiltinModel } from './convert/builtinModels.js';
import { readTfjsModelFiles } from './convert/nsfwjsSource.js';
import { CodeReader } from './codes/codeReader.js';
import { moderateImage, type ImageModerationDeps } from './moderateImage.js';

export { Classifier } from './classifiers/classifier.js';
export { classifierDescriptorSchema, NSFW_DESCRIPTOR, NSFW_INCEPTION_DESCRIPTOR, NSFW_INCEPTION_MODEL_FILE, NSFW_MODEL_FILE, type ClassifierDescriptor } from './classifiers/descriptor.js';
export { BUILTIN_MODELS, ensureBuiltinModel } from './convert/builtinModels.js';
export { NSFWJS_INCEPTION_SOURCE, readNsfwjsBundle } from './convert/nsfwjsBundle.js';
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

interface LoadedClassifiers {
  loaded: Map<string, Classifier>;
  /** Optional classifiers that are not installed, with the error a request naming one gets. */
  missing: Map<string, ModelNotInstalledError>;
}

async function loadClassifiers({ modelsDir, config, logger }: PluginInitContext): Promise<LoadedClassifiers> {
  const wanted = config.image.classifiers;
  const searched = { ...config, modelsDir };
  const descriptors = (await loadDescriptors([modelsDir, ...config.modelsExtraDirs], logger)).filter((d) => !wanted || wanted.includes(d.name));
  const loaded = new Map<string, Classifier>();
  const missing = new Map<string, ModelNotInstalledError>();
  for (const d of descriptors) {
    const started = Date.now();
    try {
      const file = BUILTIN_MODELS[d.model]
        ? await ensureBuiltinModel(d.model, searched, logger)
        : path.isAbsolute(d.model)
          ? d.model
          : findModel(searched, d.model, d.name);
      loaded.set(d.name, await Classifier.load(d, file, { intraOpThreads: config.onnx.intraOpThreads, maxBatch: config.onnx.maxBatch }));
      logger.info({ classifier: d.name, ms: Date.now() - started }, 'classifier loaded');
    } catch (err) {
      if (err instanceof ModelNotInstalledError && BUILTIN_MODELS[d.model]?.optional) {
        missing.set(d.name, err);
        logger.info({ classifier: d.name }, `optional classifier not installed (npm run models -- fetch ${BUILTIN_MODELS[d.model]!.fetchName})`);
        continue;
      }
      // One missing extra model must not take image moderation down; requests naming it get model_not_installed.
      logger.error({ classifier: d.name, model: d.model, err: (err as Error).message }, 'classifier not loaded');
    }
  }
  if (!loaded.size) throw new Error('no image classifier could be loaded (see the errors logged above)');
  return { loaded, missing };
}

export function createImageClassifierPlugin(): TaskPlugin {
  let deps: ImageModerationDeps | null = null;
  return definePlugin({
    name: 'image-classifier',
    async init(ctx) {
      // Hosts without Redis (the bench) have no tenant thresholds: the defaults apply.
      const keys = redisKeys(ctx.config.redis.prefix);
      const policies = ctx.redis ? new TextPolicyStore(ctx.redis, keys) : null;
      const { loaded, missing } = await loadClassifiers(ctx);
      deps = {
        classifiers: loaded,
        notInstalled: missing,
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
