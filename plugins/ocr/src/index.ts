import { definePlugin, moderationResultSchema, ModelNotInstalledError, readMedia, TEXT_JOB_MAX_CHARS, type Config, type TaskPlugin } from '@crs/core';
import { prepareImage } from '@crs/core/image';
import type { OcrEngine } from './engines/engine.js';
import { bundledPaddleModels, createPaddleEngine } from './engines/paddle/paddleEngine.js';
import { createTesseractEngine } from './engines/tesseract/tesseractEngine.js';
import { joinLines, mapHits, wordsResult } from './result.js';

export { createPaddleEngine, bundledPaddleModels } from './engines/paddle/paddleEngine.js';
export { createTesseractEngine, removeCjkSpaces } from './engines/tesseract/tesseractEngine.js';
export { ctcDecode } from './engines/paddle/recognize.js';
export type { OcrEngine, OcrLine } from './engines/engine.js';

/** OCR reads the original pixels (up to this side), not the 512 px moderation size: small print needs them. */
const OCR_MAX_SIDE = 2048;

async function loadEngines(config: Config): Promise<Map<string, OcrEngine>> {
  const engines = new Map<string, OcrEngine>();
  if (config.ocr.engines.includes('paddle')) engines.set('paddle', await createPaddleEngine(await bundledPaddleModels(), config.onnx.intraOpThreads));
  if (config.ocr.engines.includes('tesseract')) engines.set('tesseract', await createTesseractEngine(config.cacheDir, config.ocr.tesseractWorkers));
  return engines;
}

export function createOcrPlugin(): TaskPlugin {
  let engines = new Map<string, OcrEngine>();
  let config: Config | null = null;
  return definePlugin({
    name: 'ocr',
    async init(ctx) {
      config = ctx.config;
      engines = await loadEngines(ctx.config);
      if (!engines.size) throw new Error('OCR_ENGINES names no engine this plugin has (paddle, tesseract)');
    },
    handlers: {
      async 'image.ocr'(input, ctx) {
        if (!config) throw new Error('ocr plugin used before init');
        const name = input.engine ?? config.ocr.defaultEngine;
        const engine = engines.get(name);
        if (!engine) throw new ModelNotInstalledError(`the ${name} OCR engine is not loaded on this worker (OCR_ENGINES)`, { details: { engine: name } });
        const { bytes } = await readMedia(ctx.blobs, ctx.tenant, input.image);
        // The same checks (bomb, corrupt) and EXIF orientation as every image, decoded once at up to 2048 px.
        const prepared = await prepareImage(bytes, { maxPixels: config.image.maxPixels, maxFrames: 1 }, { modelSide: 0, maxSide: OCR_MAX_SIDE });
        const frame = prepared.frames[0]!;
        const lines = await engine.recognize(frame, ctx.signal);
        // Boxes in the caller's image's pixels.
        const back = prepared.width / frame.width;
        const scaled = lines.map((l) => ({ ...l, box: l.box.map(([x, y]) => [Math.round(x * back), Math.round(y * back)]) as typeof l.box }));
        const { text, starts } = joinLines(scaled);
        let moderation;
        if (input.moderate && text.trim()) {
          if (!ctx.local.has('text.moderate')) {
            throw new ModelNotInstalledError('moderate: true needs text moderation on the same worker');
          }
          const result = moderationResultSchema.parse(
            await ctx.local.run('text.moderate', { text: [...text].slice(0, TEXT_JOB_MAX_CHARS).join(''), ...(input.categories ? { categories: input.categories } : {}) }, ctx),
          );
          moderation = mapHits(result, scaled, starts);
        }
        return {
          engine: engine.name,
          text,
          lines: scaled,
          words_result: wordsResult(scaled),
          words_result_num: scaled.length,
          image: { width: prepared.width, height: prepared.height },
          ...(moderation ? { moderation } : input.moderate ? { moderation: { verdict: 'pass' as const, labels: [], hits: [] } } : {}),
        };
      },
    },
    async close() {
      await Promise.all([...engines.values()].map((e) => e.close()));
      engines = new Map();
    },
  });
}

export default createOcrPlugin();
