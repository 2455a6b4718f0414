/** Digits written for the Latin letters they look like ("p0rn", "b1tch", "s3x"). */
const DIGIT_FOR: Record<string, string> = { o: '0', i: '1', l: '1', e: '3', a: '4', s: '5', t: '7' };

const LATIN_TERM = /^[a-z\s'-]+$/i;

/**
 * A Latin term with one letter written as its look-alike digit, one spelling
 * per letter that has one: the common dodge, without the combinations of
 * several (which multiply quickly and are rarer). Digits stay digits in
 * folding (phone numbers, dates), so the lexicon carries these spellings.
 */
export function digitSpellings(term: string): string[] {
  if (!LATIN_TERM.test(term)) return [];
  const chars = [...term.toLowerCase()];
  const spellings: string[] = [];
  chars.forEach((c, i) => {
    const digit = DIGIT_FOR[c];
    if (digit) spellings.push([...chars.slice(0, i), digit, ...chars.slice(i + 1)].join(''));
  });
  return spellings;
}
