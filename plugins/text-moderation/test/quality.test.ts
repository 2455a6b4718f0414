import { describe, expect, it } from 'vitest';
import { loadAbuseModel, moderateText } from '../src/index.js';
import { evaluate, loadQualityCases } from '../src/quality/index.js';
import { builtInMatcher } from './helpers.js';

describe('the labelled quality set', () => {
  it('keeps every category at or above its precision and recall floor', async () => {
    const matcher = await builtInMatcher();
    const cases = await loadQualityCases();
    expect(cases.length).toBeGreaterThanOrEqual(500);
    const report = evaluate(cases, (text) => moderateText(text, [matcher]));
    for (const c of report.categories) {
      expect({ category: c.category, precisionOk: c.precision >= 0.95, recallOk: c.recall >= 0.85 }).toEqual({
        category: c.category,
        precisionOk: true,
        recallOk: true,
      });
    }
  });

  it('keeps every verdict with the abuse model: no case it got right changes, ordinary lines included', async () => {
    const matcher = await builtInMatcher();
    const model = loadAbuseModel('builtin');
    const cases = await loadQualityCases();
    const without = evaluate(cases, (text) => moderateText(text, [matcher]));
    const withModel = evaluate(cases, (text) => moderateText(text, [matcher], { model }));
    const before = new Set(without.mistakes.map((m) => m.text));
    // The model alone would review "shit happens, let's move on" on its swear word; the lexicon has weighed
    // that word already (evidence, not abuse), so the model scores only what the rest adds.
    expect(withModel.mistakes.filter((m) => !before.has(m.text))).toEqual([]);
    // And nothing the lexicons found is lost.
    expect(withModel.mistakes.filter((m) => before.has(m.text)).length).toBe(without.mistakes.length);
  });
});
