import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createScheduler, createWorker, OEM, type Scheduler } from 'tesseract.js';
import type { Rgb } from '../../raster.js';
import { readingOrder, type OcrEngine, type OcrLine } from '../engine.js';

const require = createRequire(import.meta.url);
export const TESSERACT_LANGUAGES = ['chi_sim', 'eng'] as const;

/**
 * tesseract.js wants every language in one directory; the traineddata comes in
 * one npm package per language, so they are linked side by side under the
 * cache directory (never a models directory, which is read only). Nothing is
 * fetched from a CDN.
 */
async function languageDir(cacheDir: string): Promise<string> {
  const dir = path.join(cacheDir, 'tesseract');
  await fs.mkdir(dir, { recursive: true });
  for (const lang of TESSERACT_LANGUAGES) {
    const pkg = path.dirname(require.resolve(`@tesseract.js-data/${lang}`));
    const source = path.join(pkg, '4.0.0_best_int', `${lang}.traineddata.gz`);
    const target = path.join(dir, `${lang}.traineddata.gz`);
    if ((await fs.realpath(target).catch(() => null)) === (await fs.realpath(source))) continue;
    // Made under a name of its own and renamed, so workers starting together never see (or write through) a half-made link.
    const tmp = `${target}.${randomUUID()}`;
    await fs.symlink(source, tmp).catch(() => fs.copyFile(source, tmp));
    await fs.rename(tmp, target);
  }
  return dir;
}

const CJK = '\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const CJK_SPACES = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'gu');

/** Tesseract puts spaces between CJK characters; Chinese has none. */
export function removeCjkSpaces(text: string): string {
  return text.replace(CJK_SPACES, '');
}

interface TesseractLine {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/** tesseract.js with a scheduler over `workers` workers, Chinese and English. */
export async function createTesseractEngine(cacheDir: string, workers: number): Promise<OcrEngine> {
  const langPath = await languageDir(cacheDir);
  const scheduler: Scheduler = createScheduler();
  for (let i = 0; i < workers; i++) {
    const worker = await createWorker([...TESSERACT_LANGUAGES], OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none', logger: () => undefined });
    // PNGs carry no resolution; without one tesseract guesses and warns on every page.
    await worker.setParameters({ user_defined_dpi: '300' });
    scheduler.addWorker(worker);
  }
  return {
    name: 'tesseract',
    async recognize(image: Rgb): Promise<OcrLine[]> {
      const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
      const { data } = await scheduler.addJob('recognize', png, {}, { blocks: true, text: true });
      const found: TesseractLine[] = [];
      for (const block of data.blocks ?? []) for (const paragraph of block.paragraphs) for (const line of paragraph.lines) found.push(line);
      const lines = found
        .map((l) => ({
          text: removeCjkSpaces(l.text.trim()),
          confidence: Math.round(l.confidence * 100) / 1e4,
          box: [[l.bbox.x0, l.bbox.y0], [l.bbox.x1, l.bbox.y0], [l.bbox.x1, l.bbox.y1], [l.bbox.x0, l.bbox.y1]] as OcrLine['box'],
        }))
        .filter((l) => l.text.length > 0);
      return readingOrder(lines);
    },
    async close() {
      await scheduler.terminate();
    },
  };
}
