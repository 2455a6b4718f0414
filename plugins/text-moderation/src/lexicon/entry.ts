import type { Category } from '@crs/core';

/** One term of a lexicon. An allow term clears every finding it covers. */
export interface LexiconEntry {
  /** The term as written in the lexicon. */
  word: string;
  category: Category;
  /** The score a hit gives its category, in (0, 1]. */
  weight: number;
  /** Where the term came from: a file's name, `tenant:<list id>` or `request`. */
  lexicon: string;
  kind: 'deny' | 'allow';
  /**
   * A combination term (`炸了&楼`, from a lexicon file): its parts, which
   * match only in the order written, each close after the one before within
   * one clause (`engine/proximity.ts`). Absent for an ordinary term.
   */
  parts?: readonly string[];
}

/** Weight of a deny term when a list gives none: blocks under the default thresholds. */
export const DEFAULT_WEIGHT = 0.9;

/** The entry as a combination when its term has more than one part, else as it is. */
export function withParts(entry: LexiconEntry, parts: readonly string[] | null): LexiconEntry {
  return parts && parts.length > 1 ? { ...entry, parts } : entry;
}
