/**
 * A combination term ("炸了&楼"): parts that match only in the order written,
 * each close after the one before, within one clause. A threat is a verb near
 * a target, and neither is one alone. Lexicon files write every `&` this way;
 * a tenant's list does only when it was created with `combinations: true`, so
 * a brand such as "P&G" in an ordinary list still means itself.
 */
export const COMBINATION_SEPARATOR = '&';

/** The term's parts, trimmed (one for a term without `&`), or null when a part is empty ("&楼", "炸了&&楼"). */
export function combinationParts(term: string): string[] | null {
  const parts = term.split(COMBINATION_SEPARATOR).map((part) => part.trim());
  return parts.some((part) => !part) ? null : parts;
}

/** Why a term cannot be a combination, or null when it can. */
export function combinationProblem(term: string): string | null {
  return combinationParts(term) ? null : `empty part in combination ${JSON.stringify(term)}: write parts joined by "&", as in "炸了&楼"`;
}
