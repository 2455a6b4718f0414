/** Text length is counted in Unicode code points, as a person counts characters. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const KEPT = /[\p{L}\p{N}\p{M}]/u;

/**
 * Why a lexicon term cannot be matched as meant, or null: matching ignores
 * spaces, punctuation and symbols, so a term made mostly of them ("a$$")
 * would match only its few letters ("a"), flagging every text that has them.
 */
export function termProblem(term: string): string | null {
  let kept = '';
  let ignored = 0;
  for (const c of term) {
    if (KEPT.test(c)) kept += c;
    // Spaces between letters are how a phrase is written ("fuck you", "炸了 & 楼"), not symbols standing for letters.
    else if (!/\s/u.test(c)) ignored++;
  }
  if (kept.length > 0 && ignored < [...kept].length) return null;
  const reads = kept ? `only ${JSON.stringify(kept)}` : 'nothing';
  return `term ${JSON.stringify(term)} is mostly punctuation or symbols, which matching ignores, so it would match ${reads}; write the word in letters`;
}
