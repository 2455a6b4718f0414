import { createLogger } from '@crs/core';
import { LexiconLibrary, moderateText, type Matcher, type ModerateOptions } from '../src/index.js';

export const silent = createLogger('test', 'silent');

/** The built-in lexicons, as a worker with an empty lexicon directory has them. */
export async function builtInMatcher(): Promise<Matcher> {
  const library = new LexiconLibrary({ dir: '/nonexistent/lexicons', logger: silent });
  await library.refresh();
  return library.matcher;
}

export const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

export function moderateWith(matchers: Matcher[]) {
  return (text: string, options?: ModerateOptions) => moderateText(text, matchers, options);
}
