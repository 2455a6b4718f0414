import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ModelNotInstalledError, type Config } from '@crs/core';
import { samplesOf, type AsrEngine } from './engine.js';

/** Where `npm run models -- fetch <name>` puts a sherpa-onnx model: MODELS_DIR/asr/<name>/. */
export const ASR_MODELS_DIR = 'asr';

interface SherpaModule {
  OfflineRecognizer: {
    createAsync(config: unknown): Promise<SherpaRecognizer>;
  };
}
interface SherpaRecognizer {
  createStream(): { acceptWaveform(w: { samples: Float32Array; sampleRate: number }): void };
  decodeAsync(stream: unknown): Promise<{ text: string }>;
}

/** The model directory: the first of MODELS_DIR and MODELS_EXTRA_DIRS that has `asr/<name>/tokens.txt`. */
function modelDir(config: Pick<Config, 'modelsDir' | 'modelsExtraDirs'>, name: string): string {
  for (const root of [config.modelsDir, ...config.modelsExtraDirs]) {
    const dir = path.join(root, ASR_MODELS_DIR, name);
    if (fs.existsSync(path.join(dir, 'tokens.txt'))) return dir;
  }
  throw new ModelNotInstalledError(`speech-to-text model ${ASR_MODELS_DIR}/${name} is not installed; run: npm run models -- fetch ${name}`, {
    details: { model: `${ASR_MODELS_DIR}/${name}`, fetch: `npm run models -- fetch ${name}` },
  });
}

/**
 * The model's own kind from its files: Paraformer directories are named so by
 * their publisher, every other single-file model here is SenseVoice. The int8
 * export is preferred: it is four times smaller and about as accurate.
 */
function modelConfig(dir: string, name: string, threads: number): Record<string, unknown> {
  const model = ['model.int8.onnx', 'model.onnx'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!model) throw new ModelNotInstalledError(`${dir} has tokens.txt but no model.int8.onnx or model.onnx`, { details: { model: `${ASR_MODELS_DIR}/${name}` } });
  const kind = /paraformer/i.test(name) || fs.existsSync(path.join(dir, 'am.mvn')) ? { paraformer: { model } } : { senseVoice: { model, language: '', useInverseTextNormalization: 1 } };
  return { ...kind, tokens: path.join(dir, 'tokens.txt'), numThreads: threads, provider: 'cpu', debug: 0 };
}

/**
 * sherpa-onnx (native binaries inside npm packages) with SenseVoice or
 * Paraformer. Each span is decoded as its own utterance, off the event loop.
 */
export async function loadSherpaEngine(config: Pick<Config, 'modelsDir' | 'modelsExtraDirs' | 'asr'>): Promise<AsrEngine> {
  const dir = modelDir(config, config.asr.model);
  const settings = { featConfig: { sampleRate: 16_000, featureDim: 80 }, modelConfig: modelConfig(dir, config.asr.model, config.asr.threads) };
  // Loaded only when a model is installed, so a worker without one never maps the native library.
  const sherpa = createRequire(import.meta.url)('sherpa-onnx-node') as SherpaModule;
  const recognizer = await sherpa.OfflineRecognizer.createAsync(settings);
  return {
    name: `sherpa-onnx/${config.asr.model}`,
    async transcribe(pcm, spans, signal) {
      const texts: string[] = [];
      for (const span of spans) {
        signal.throwIfAborted();
        const stream = recognizer.createStream();
        stream.acceptWaveform({ samples: samplesOf(pcm, span).slice(), sampleRate: 16_000 });
        texts.push((await recognizer.decodeAsync(stream)).text.trim());
      }
      return texts;
    },
    async close() {
      // The native recognizer is freed with its handle.
    },
  };
}
