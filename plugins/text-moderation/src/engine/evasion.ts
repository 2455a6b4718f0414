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
  'accent',
  'repeat',
] as const;
export type Evasion = (typeof EVASIONS)[number];

export const EVASION_BIT = Object.fromEntries(EVASIONS.map((name, i) => [name, 1 << i])) as Record<Evasion, number>;

/** The evasion bits of folded characters `[from, to)`: what folding undid anywhere in that span. */
export function bitsBetween(flags: ArrayLike<number>, from: number, to: number): number {
  let bits = 0;
  for (let i = from; i < to; i++) bits |= flags[i]!;
  return bits;
}

const namesOf = new Map<number, readonly string[]>();

/** The names of the bits set, sorted; a fresh array each call, the sorting done once per combination. */
export function evasionNames(bits: number): string[] {
  let names = namesOf.get(bits);
  if (!names) namesOf.set(bits, (names = EVASIONS.filter((name) => bits & EVASION_BIT[name]).sort()));
  return names.slice();
}
