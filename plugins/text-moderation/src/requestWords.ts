import type { TaskInput } from '@crs/core';
import { compileLexicon, type CompileOptions, type Matcher } from './lexicon/compile.js';
import { DEFAULT_WEIGHT, type LexiconEntry } from './lexicon/entry.js';

/** The request's own `denyWords` (reported under `custom`) and `allowWords`, compiled for this job only. */
export function requestMatcher(input: TaskInput<'text.moderate'>, options: CompileOptions): Matcher | null {
  const entries: LexiconEntry[] = [
    ...(input.denyWords ?? []).map((word) => ({ word, category: 'custom' as const, weight: DEFAULT_WEIGHT, lexicon: 'request', kind: 'deny' as const })),
    ...(input.allowWords ?? []).map((word) => ({ word, category: 'custom' as const, weight: 0, lexicon: 'request', kind: 'allow' as const })),
  ];
  return entries.length ? compileLexicon(entries, options) : null;
}
