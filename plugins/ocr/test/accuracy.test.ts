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

describe('PaddleOCR word spacing', () => {
  it('keeps the spaces between English words that the model drops on its own', async () => {
    // A line of the evaluation set the model spells without any spaces (DejaVu Sans, 24 px).
    const line = (await evaluationSet()).find((c) => c.set === 'clean' && c.text === 'Annual report for the year 2025')!;
    const { data, info } = await sharp(line.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const image = { data, width: info.width, height: info.height };
    const raw = await createPaddleEngine(await bundledPaddleModels(), 0, { wordSpaces: false });
    try {
      expect((await raw.recognize(image)).map((l) => l.text).join(' ')).toBe('Annualreportfortheyear2025');
    } finally {
      await raw.close();
    }
    expect((await engine.recognize(image)).map((l) => l.text).join(' ')).toBe('Annual report for the year 2025');
  }, 60_000);
});

describe('PaddleOCR accuracy on generated Chinese print', () => {
  it('has a character error rate of at most 3 % on clean lines', async () => {
    expect(await cer('clean')).toBeLessThanOrEqual(0.03);
  }, 60_000);

  it('has a character error rate of at most 8 % on noisy lines', async () => {
    expect(await cer('noisy')).toBeLessThanOrEqual(0.08);
  }, 60_000);
});
