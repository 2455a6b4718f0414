/**
 * What normalisation undid to find a match, kept as bits per folded character
 * so the hot path allocates nothing; hits turn them back into names.
 */
export const EVASIONS = [
  'fullwidth',
  'case',
  'styled',
  'separator',
  'traditional',
  'homophone',
  'homoglyph',
  'pinyin',
  'numeral',
  'spelled',
] as const;
export type Evasion = (typeof EVASIONS)[number];

export const EVASION_BIT = Object.fromEntries(EVASIONS.map((name, i) => [name, 1 << i])) as Record<Evasion, number>;

export function evasionNames(bits: number): string[] {
  return EVASIONS.filter((name) => bits & EVASION_BIT[name]).sort();
}
