import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { MODERATION_CATEGORIES, type Category } from '@crs/core';
import { Converter } from 'opencc-js/cn2t';

export interface QualityCase {
  text: string;
  expected: Category[];
  /** How the case was made from its hand-written line: `as written` or an evasion applied to it. */
  variant: string;
}

export const CASES_FILE = fileURLToPath(new URL('../../quality/cases.tsv', import.meta.url));

const toTraditional = Converter({ from: 'cn', to: 'tw' });
const HAN_PAIR = /(\p{Script=Han})(?=\p{Script=Han})/gu;
const toFullwidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/**
 * The evasions the engine must see through, applied mechanically to every
 * hand-written line: a finding must survive them and a clean text must stay
 * clean. Flooding is about the exact characters, so its lines are used as written.
 */
function variantsOf(text: string, expected: Category[]): QualityCase[] {
  const cases: QualityCase[] = [{ text, expected, variant: 'as written' }];
  if (expected.includes('flood')) return cases;
  const add = (variant: string, changed: string) => {
    if (changed !== text) cases.push({ text: changed, expected, variant });
  };
  add('traditional', toTraditional(text));
  add('fullwidth', toFullwidth(text));
  if (expected.length) add('separator', text.replace(HAN_PAIR, '$1*'));
  return cases;
}

export function parseCases(tsv: string): QualityCase[] {
  return tsv
    .split(/\r?\n/)
    .filter((line) => line.trim() && !line.startsWith('#'))
    .flatMap((line, i) => {
      const [labels, text] = line.split('\t');
      const expected = labels === '-' ? [] : (labels ?? '').split(',');
      const unknown = expected.filter((c) => !(MODERATION_CATEGORIES as readonly string[]).includes(c));
      if (!text || unknown.length) throw new Error(`quality case ${i + 1}: expected "categories<TAB>text", got ${JSON.stringify(line)}`);
      return variantsOf(text, expected as Category[]);
    });
}

export async function loadQualityCases(): Promise<QualityCase[]> {
  return parseCases(await readFile(CASES_FILE, 'utf8'));
}
