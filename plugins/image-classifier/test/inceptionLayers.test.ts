import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConvertedModel, readNsfwjsBundle } from '../src/index.js';

/**
 * The converter on the layers nsfwjs' InceptionV3 is made of, without the 28 MB model (which CI does
 * not have): a small Keras model built here with TensorFlow.js — Conv2D without bias, BatchNormalization
 * without scale, Activation, MaxPooling2D and AveragePooling2D (valid and same), an inception block's
 * Concatenate, Flatten, Dense, Dropout and a softmax — with random weights quantised to uint8 as nsfwjs
 * ships them, written in nsfwjs' bundled form (UMD scripts wrapping the model JSON and base64 shards),
 * read back by the service's reader, converted, and run on onnxruntime against TensorFlow.js.
 */
const SIZE = 35;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-inception-layers-'));
let model: tf.LayersModel;
let session: ort.InferenceSession;

function convBn(x: tf.SymbolicTensor, filters: number, kernel: number, strides = 1, padding: 'same' | 'valid' = 'same'): tf.SymbolicTensor {
  const conv = tf.layers.conv2d({ filters, kernelSize: kernel, strides, padding, useBias: false }).apply(x) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ axis: 3, scale: false, epsilon: 0.001 }).apply(conv) as tf.SymbolicTensor;
  return tf.layers.activation({ activation: 'relu' }).apply(bn) as tf.SymbolicTensor;
}

function buildModel(): tf.LayersModel {
  const input = tf.input({ shape: [SIZE, SIZE, 3] });
  let x = convBn(input, 8, 3, 2, 'valid');
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid' }).apply(x) as tf.SymbolicTensor;
  // One inception block: four branches side by side.
  const b1 = convBn(x, 4, 1);
  const b3 = convBn(convBn(x, 4, 1), 6, 3);
  const pool = tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  const bp = convBn(pool, 3, 1);
  const bm = tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.concatenate({ axis: 3 }).apply([b1, b3, bp, bm]) as tf.SymbolicTensor;
  x = tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'valid' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 16, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.5 }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** Seeded weights, variances kept positive, so the test sees the same model every run. */
function randomise(m: tf.LayersModel): void {
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const layer of m.layers) {
    const values = layer.getWeights().map((w, i) => {
      const positive = layer.getClassName() === 'BatchNormalization' && layer.weights[i]!.name.includes('variance');
      const data = Float32Array.from({ length: w.size }, () => (positive ? 0.2 + next() : (next() - 0.5) * 0.6));
      return tf.tensor(data, w.shape);
    });
    if (values.length) layer.setWeights(values);
  }
}

/** Weights quantised to uint8 (value = q × scale + min), as nsfwjs ships its models. */
function quantise(specs: tf.io.WeightsManifestEntry[], data: ArrayBuffer): { specs: tf.io.WeightsManifestEntry[]; bytes: Buffer } {
  const floats = new Float32Array(data);
  const out: Buffer[] = [];
  let offset = 0;
  const quantised = specs.map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = floats.subarray(offset, offset + size);
    offset += size;
    const min = Math.min(...values);
    const scale = (Math.max(...values) - min) / 255 || 1;
    out.push(Buffer.from(Uint8Array.from(values, (v) => Math.round((v - min) / scale))));
    return { ...spec, quantization: { dtype: 'uint8' as const, min, scale } };
  });
  return { specs: quantised, bytes: Buffer.concat(out) };
}

/** nsfwjs' wrapper: a UMD script whose module exports the value. */
const umd = (value: unknown) =>
  `!function(a){if("object"==typeof exports&&"undefined"!=typeof module)module.exports=a();else{("undefined"!=typeof window?window:this).model=a()}}(function(){return ${JSON.stringify(value)}});`;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const built = buildModel();
  randomise(built);
  const artifacts = await new Promise<tf.io.ModelArtifacts>((resolve) => {
    void built.save(tf.io.withSaveHandler(async (a) => (resolve(a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  });
  const { specs, bytes } = quantise(artifacts.weightSpecs!, artifacts.weightData as ArrayBuffer);
  // Two shards, as a real model is split.
  const half = Math.ceil(bytes.length / 2);
  const json = { modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['group1-shard1of2', 'group1-shard2of2'], weights: specs }] };
  fs.writeFileSync(path.join(dir, 'model.min.js'), umd(json));
  fs.writeFileSync(path.join(dir, 'group1-shard1of2.min.js'), umd(bytes.subarray(0, half).toString('base64')));
  fs.writeFileSync(path.join(dir, 'group1-shard2of2.min.js'), umd(bytes.subarray(half).toString('base64')));
  // The reference is the same model with the dequantised weights TensorFlow.js itself reads.
  model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: artifacts.modelTopology, weightSpecs: specs, weightData: new Uint8Array(bytes).buffer }));
  const { file } = await ensureConvertedModel({ file: path.join(dir, 'cache', 'small.onnx'), inputName: 'input', outputName: 'probabilities', source: () => readNsfwjsBundle(path.join(dir, 'model.min.js')) });
  session = await ort.InferenceSession.create(file);
}, 60_000);
afterAll(async () => {
  await session?.release();
  model?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the converter on InceptionV3's layer types, from nsfwjs' bundled form", () => {
  it('has every layer type of the real model', () => {
    const types = new Set(model.layers.map((l) => l.getClassName()));
    for (const t of ['Conv2D', 'BatchNormalization', 'Activation', 'MaxPooling2D', 'AveragePooling2D', 'Concatenate', 'Flatten', 'Dense', 'Dropout']) expect(types).toContain(t);
  });

  it('gives the probabilities TensorFlow.js gives, within 1e-5, on varied inputs', async () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let worst = 0;
    let spread = 0;
    for (let n = 0; n < 6; n++) {
      const input = Float32Array.from({ length: SIZE * SIZE * 3 }, (_, i) => (n === 0 ? 0 : n === 1 ? 1 : n === 2 ? (i % 97) / 96 : next()));
      const theirs = Array.from((model.predict(tf.tensor4d(input, [1, SIZE, SIZE, 3])) as tf.Tensor).dataSync());
      const out = await session.run({ input: new ort.Tensor('float32', input, [1, SIZE, SIZE, 3]) });
      const ours = Array.from(out.probabilities!.data as Float32Array);
      expect(ours).toHaveLength(5);
      worst = Math.max(worst, ...ours.map((v, i) => Math.abs(v - theirs[i]!)));
      spread = Math.max(spread, Math.max(...theirs) - Math.min(...theirs));
    }
    // Not a degenerate model that answers one class whatever it is shown.
    expect(spread).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(1e-5);
  });

  it('refuses a script that is not one of nsfwjs model scripts, saying which', async () => {
    const bad = path.join(dir, 'broken', 'model.min.js');
    fs.mkdirSync(path.dirname(bad), { recursive: true });
    fs.writeFileSync(bad, 'require("child_process").execSync("true")');
    await expect(readNsfwjsBundle(bad)).rejects.toThrow(/model\.min\.js is not one of nsfwjs' model scripts: require is not defined/);
  });
});
