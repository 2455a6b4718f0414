import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledPaddleModels, createPaddleEngine, type OcrEngine } from '../src/index.js';
import { editDistance, evaluationSet, normalise, type EvalCase } from '../testdata/evalset.mjs';

/** The accuracy floors for the PaddleOCR engine, on the generated Chinese lines. */
let engine: OcrEngine;
let cases: EvalCase[];
beforeAll(async () => {
  engine = await createPaddleEngine(await bundledPaddleModels(), 0);
  cases = (await evaluationSet()).filter((c) => c.kind === 'zh');
}, 60_000);
afterAll(() => engine?.close());

async function cer(set: string): Promise<number> {
  let errors = 0;
  let chars = 0;
  for (const c of cases.filter((x) => x.set === set)) {
    const { data, info } = await sharp(c.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const lines = await engine.recognize({ data, width: info.width, height: info.height });
    const truth = normalise(c.text);
    errors += editDistance(normalise(lines.map((l) => l.text).join('')), truth);
    chars += [...truth].length;
  }
  return errors / chars;
}

describe('PaddleOCR accuracy on generated Chinese print', () => {
  it('has a character error rate of at most 3 % on clean lines', async () => {
    expect(await cer('clean')).toBeLessThanOrEqual(0.03);
  }, 60_000);

  it('has a character error rate of at most 8 % on noisy lines', async () => {
    expect(await cer('noisy')).toBeLessThanOrEqual(0.08);
  }, 60_000);
});
