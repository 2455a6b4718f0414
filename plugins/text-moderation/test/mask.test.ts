import { describe, expect, it } from 'vitest';
import { textModerateInputSchema } from '@crs/core';
import { builtInMatcher, moderateWith, slice } from './helpers.js';

const moderate = moderateWith([await builtInMatcher()]);

describe('masked output', () => {
  it('replaces each hit, offsets unchanged in code points', () => {
    const text = '😀 F u c k   Y o u, 加 微*信 and p\u0336o\u0336r\u0336n\u0336 ok';
    const result = moderate(text, { mask: true });
    const masked = result.masked!;
    expect([...masked]).toHaveLength([...text].length);
    expect(masked).toBe('😀 * * * *   * * *, * *** and ******** ok');
    for (const hit of result.hits) expect(slice(masked, hit.start, hit.end)).toMatch(/^[*\s]+$/);
  });

  it('masks with the character given, and not at all unless asked', () => {
    expect(moderate('free porn here', { mask: '█' }).masked).toBe('free ████ here');
    expect(moderate('free porn here').masked).toBeUndefined();
    expect(moderate('nothing to see', { mask: true }).masked).toBe('nothing to see');
  });

  it('masks a leetspeak word in the caller offsets', () => {
    expect(moderate('you a$$hole!', { mask: true }).masked).toBe('you *******!');
  });

  it('is an option of text.moderate: true, false or one visible character', () => {
    expect(textModerateInputSchema.safeParse({ text: 'x', mask: true }).success).toBe(true);
    expect(textModerateInputSchema.safeParse({ text: 'x', mask: '#' }).success).toBe(true);
    expect(textModerateInputSchema.safeParse({ text: 'x', mask: '😀' }).success).toBe(true);
    expect(textModerateInputSchema.safeParse({ text: 'x', mask: '**' }).success).toBe(false);
    expect(textModerateInputSchema.safeParse({ text: 'x', mask: ' ' }).success).toBe(false);
  });
});
