import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rgbToTensor } from '@crs/core/image';
import { ensureNsfwModel, NSFW_DESCRIPTOR } from '../src/index.js';
import { modelPixels, testImages } from '../testdata/images.mjs';
import { loadReference, NSFWJS_MODEL_JSON } from '../testdata/tfjsReference.mjs';

/**
 * The converter's proof: the ONNX graph it writes from nsfwjs' Keras weights
 * gives the same class probabilities as the same TF.js model run the way nsfwjs
 * runs it on TensorFlow.js, within 1e-3, on varied images fed as the same pixels.
 */
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-convert-'));
const REFERENCE_MODEL = path.resolve(import.meta.dirname, '../testdata/nsfwjs_mobilenet_v2_224.reference.onnx');
let onnxFile = '';
let session: ort.InferenceSession;
let reference: Awaited<ReturnType<typeof loadReference>>;

beforeAll(async () => {
  onnxFile = await ensureNsfwModel(cacheDir, NSFWJS_MODEL_JSON);
  session = await ort.InferenceSession.create(onnxFile);
  reference = await loadReference();
}, 60_000);
afterAll(async () => {
  await session?.release();
  reference?.dispose();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

async function onnxProbabilities(s: ort.InferenceSession, pixels: Buffer): Promise<number[]> {
  const input = rgbToTensor(pixels, 224, 224, NSFW_DESCRIPTOR.input);
  const out = await s.run({ input: new ort.Tensor('float32', input, [1, 224, 224, 3]) });
  return Array.from(out.probabilities!.data as Float32Array);
}

function tfjsProbabilities(pixels: Buffer): Promise<number[]> {
  return reference.classify(pixels, 224, 224);
}

const argmax = (v: number[]) => v.indexOf(Math.max(...v));

describe('nsfwjs MobileNetV2 converted to ONNX', () => {
  it('is cached in the cache directory and not redone on the next start', async () => {
    const stamp = fs.statSync(onnxFile).mtimeMs;
    expect(await ensureNsfwModel(cacheDir, NSFWJS_MODEL_JSON)).toBe(onnxFile);
    expect(fs.statSync(onnxFile).mtimeMs).toBe(stamp);
  });

  it('matches nsfwjs on TensorFlow.js within 1e-3 with the same top class, on every test image', async () => {
    const images = await testImages();
    const rows: string[] = [];
    let worst = 0;
    for (const { name, bytes } of images) {
      const pixels = await modelPixels(bytes);
      const ours = await onnxProbabilities(session, pixels);
      const theirs = await tfjsProbabilities(pixels);
      const diff = Math.max(...ours.map((v, i) => Math.abs(v - theirs[i]!)));
      worst = Math.max(worst, diff);
      rows.push(`${name}: top ${NSFW_DESCRIPTOR.labels[argmax(ours)]} max|Δ| ${diff.toExponential(2)}`);
      expect(diff, name).toBeLessThan(1e-3);
      expect(argmax(ours), name).toBe(argmax(theirs));
    }
    process.stdout.write(`converted vs nsfwjs/tfjs, worst ${worst.toExponential(2)}\n  ${rows.join("\n  ")}\n`);
  }, 120_000);

  it('agrees with the independently converted model in testdata', async () => {
    const shared = await ort.InferenceSession.create(REFERENCE_MODEL);
    for (const { bytes } of (await testImages()).slice(0, 4)) {
      const pixels = await modelPixels(bytes);
      const a = await onnxProbabilities(session, pixels);
      const b = await onnxProbabilities(shared, pixels);
      expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-3);
    }
    await shared.release();
  });
});
