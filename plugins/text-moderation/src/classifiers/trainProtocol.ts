import type { HeldOutFigures } from '@crs/core';
import type { ModelLanguage } from '../model/language.js';
import type { LabelledText } from '../model/train/trainClassifier.js';

/** What a training thread is started with. */
export interface TrainRequest {
  name: string;
  examples: LabelledText[];
  seed?: number;
}

export type TrainReply =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; file: Uint8Array; figures: HeldOutFigures; language: ModelLanguage }
  | { type: 'failed'; message: string };
