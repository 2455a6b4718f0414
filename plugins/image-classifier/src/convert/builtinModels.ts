import path from 'node:path';
import { findModel, type Config, type Logger } from '@crs/core';
import { NSFW_INCEPTION_DESCRIPTOR, NSFW_INCEPTION_MODEL_FILE, NSFW_MODEL_FILE } from '../classifiers/descriptor.js';
import { ensureConvertedModel } from './convertedModel.js';
import { NSFWJS_INCEPTION_SOURCE, readNsfwjsBundle } from './nsfwjsBundle.js';
import { NSFWJS_SOURCE, readTfjsModelFiles, type TfjsModelSource } from './nsfwjsSource.js';

interface BuiltinModel {
  /** The TF.js model under a models directory. */
  source: string;
  read(file: string): Promise<TfjsModelSource>;
  /** The `npm run models` name that installs the source. */
  fetchName: string;
  title: string;
  /** Installed only by those who want it: a missing one is no error. */
  optional: boolean;
}

/** Classifiers the service converts itself from nsfwjs' Keras models, by the ONNX file their description names. */
export const BUILTIN_MODELS: Readonly<Record<string, BuiltinModel>> = {
  [NSFW_MODEL_FILE]: { source: NSFWJS_SOURCE, read: readTfjsModelFiles, fetchName: 'nsfw', title: 'nsfwjs MobileNetV2', optional: false },
  [NSFW_INCEPTION_MODEL_FILE]: {
    source: NSFWJS_INCEPTION_SOURCE,
    read: readNsfwjsBundle,
    fetchName: NSFW_INCEPTION_DESCRIPTOR.name,
    title: 'nsfwjs InceptionV3',
    optional: true,
  },
};

/**
 * The ONNX file of a built-in classifier, converted into the cache directory
 * unless a current conversion is there already. Never into a models
 * directory: those are read only. `model_not_installed` when its source is not
 * in any models directory.
 */
export async function ensureBuiltinModel(modelFile: string, config: Pick<Config, 'modelsDir' | 'modelsExtraDirs' | 'cacheDir'>, logger?: Logger): Promise<string> {
  const builtin = BUILTIN_MODELS[modelFile];
  if (!builtin) throw new Error(`${modelFile} is not a built-in classifier model`);
  const sourceFile = findModel(config, builtin.source, builtin.fetchName);
  const started = Date.now();
  const { file, converted } = await ensureConvertedModel({
    file: path.join(config.cacheDir, modelFile),
    inputName: 'input',
    outputName: 'probabilities',
    source: () => builtin.read(sourceFile),
  });
  if (converted) logger?.info({ file, ms: Date.now() - started }, `${builtin.title} converted to ONNX`);
  return file;
}
