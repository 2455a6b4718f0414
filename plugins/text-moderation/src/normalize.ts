/**
 * Folds text into the form lexicons are matched against, and remembers where
 * each folded character came from so hits can be reported in the caller's own
 * code-point offsets.
 */

export type Evasion = 'fullwidth' | 'case' | 'styled' | 'separator';

export interface NormalizedText {
  /** Folded code points. */
  chars: string[];
  /** For each folded code point, the index of the original code point it came from. */
  source: number[];
  /** For each folded code point, what folding changed to produce it. */
  evasions: Evasion[][];
  /** The caller's text split into code points. */
  original: string[];
  /** skippedBefore[i] = how many original code points before index i were dropped as separators. */
  skippedBefore: number[];
}

// Zero-width characters, soft hyphen and other invisible fillers.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/u;
// Whitespace, punctuation and symbols that people put between characters to split a word.
const SEPARATOR = /[\s\p{P}\p{S}]/u;

function isFullwidth(cp: number): boolean {
  return (cp >= 0xff01 && cp <= 0xff5e) || cp === 0x3000;
}

export function normalize(text: string): NormalizedText {
  const original = [...text];
  const out: NormalizedText = { chars: [], source: [], evasions: [], original, skippedBefore: [] };
  let skipped = 0;
  original.forEach((ch, index) => {
    out.skippedBefore.push(skipped);
    const before = out.chars.length;
    if (!INVISIBLE.test(ch)) foldChar(ch, index, out);
    if (out.chars.length === before) skipped++;
  });
  out.skippedBefore.push(skipped);
  return out;
}

function foldChar(ch: string, index: number, out: NormalizedText): void {
  const cp = ch.codePointAt(0)!;
  const compat = ch.normalize('NFKC');
  const changedByCompat = compat !== ch;
  for (const part of compat) {
    const folded = part.toLowerCase();
    if (SEPARATOR.test(folded)) continue;
    const evasions: Evasion[] = [];
    if (changedByCompat) evasions.push(isFullwidth(cp) ? 'fullwidth' : 'styled');
    if (folded !== part) evasions.push('case');
    for (const f of folded) {
      out.chars.push(f);
      out.source.push(index);
      out.evasions.push(evasions);
    }
  }
}

/** Folds a lexicon entry the same way, without offsets. */
export function foldTerm(term: string): string {
  return normalize(term).chars.join('');
}
