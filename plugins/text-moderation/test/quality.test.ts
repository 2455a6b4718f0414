import { describe, expect, it } from 'vitest';
import { moderateText } from '../src/index.js';
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
});
