import { definePlugin, type TaskPlugin } from '@crs/core';
import type { AhoCorasick } from './ahoCorasick.js';
import { buildMatcher, loadBuiltInLexicon, type LexiconEntry } from './lexicon.js';
import { moderateText } from './moderate.js';

export { moderateText, DEFAULT_THRESHOLDS } from './moderate.js';
export { normalize } from './normalize.js';
export { buildMatcher, loadBuiltInLexicon, parseLexicon } from './lexicon.js';

/** A fresh plugin instance; each worker host (or test) gets its own state. */
export function createTextModerationPlugin(): TaskPlugin {
  let matcher: AhoCorasick<LexiconEntry> | null = null;
  return definePlugin({
    name: 'text-moderation',
    async init({ logger }) {
      const entries = loadBuiltInLexicon();
      matcher = buildMatcher(entries);
      logger.info({ terms: entries.length }, 'text-moderation lexicon loaded');
    },
    handlers: {
      async 'text.moderate'(input, ctx) {
        if (!matcher) throw new Error('text-moderation used before init');
        ctx.signal.throwIfAborted();
        return moderateText(input.text, matcher, { categories: input.categories });
      },
    },
    async close() {
      matcher = null;
    },
  });
}

export default createTextModerationPlugin();
