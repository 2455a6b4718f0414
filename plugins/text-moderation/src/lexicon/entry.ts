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
}

/** Weight of a deny term when a list gives none: blocks under the default thresholds. */
export const DEFAULT_WEIGHT = 0.9;
