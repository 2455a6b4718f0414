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

  it('keeps its verdicts with the abuse model: only one ordinary line (in its variants) changes', async () => {
    const matcher = await builtInMatcher();
    const model = loadAbuseModel('builtin');
    const cases = await loadQualityCases();
    const without = evaluate(cases, (text) => moderateText(text, [matcher]));
    const withModel = evaluate(cases, (text) => moderateText(text, [matcher], { model }));
    const before = new Set(without.mistakes.map((m) => m.text));
    const changed = withModel.mistakes.filter((m) => !before.has(m.text));
    // Every case that was right stays right, except at most one ordinary line the model reviews.
    expect(changed.every((m) => m.expected.length === 0 && m.flagged.join() === 'abuse')).toBe(true);
    expect(changed.filter((m) => m.variant === 'as written').length).toBeLessThanOrEqual(1);
    // And nothing the lexicons found is lost.
    expect(withModel.mistakes.filter((m) => before.has(m.text)).length).toBe(without.mistakes.length);
  });
});
