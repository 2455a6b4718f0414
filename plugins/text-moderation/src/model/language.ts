import type { NormalizedText } from '../engine/normalize.js';

export const MODEL_LANGUAGES = ['zh', 'en'] as const;
export type ModelLanguage = (typeof MODEL_LANGUAGES)[number];

const isHan = (cp: number) => (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
const isLatin = (cp: number) => cp >= 0x61 && cp <= 0x7a;

/**
 * Which model reads a text, by script: Chinese when Han characters are at
 * least a quarter of the letters (a Han character carries about as much as
 * a short English word), English otherwise.
 */
export function languageOf(n: NormalizedText): ModelLanguage {
  let han = 0;
  let latin = 0;
  for (let i = 0; i < n.length; i++) {
    const cp = n.folded[i]!;
    if (isHan(cp)) han++;
    else if (isLatin(cp)) latin++;
  }
  return han * 4 >= latin && han > 0 ? 'zh' : 'en';
}
