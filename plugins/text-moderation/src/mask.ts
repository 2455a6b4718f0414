/**
 * Masked output, as every word filter offers: the caller's text with each
 * hit's characters replaced one for one, so the hits' code-point offsets
 * still point at the masked words. Spaces inside a hit stay ("**** ***"),
 * and flood hits are left alone: a flood is too much text, not a bad word in it.
 */
const SPACE = /\s/u;

export function maskText(text: string, spans: readonly { start: number; end: number; category: string }[], mask: string): string {
  const chars = Array.from(text);
  for (const { start, end, category } of spans) {
    if (category === 'flood') continue;
    for (let i = start; i < end && i < chars.length; i++) if (!SPACE.test(chars[i]!)) chars[i] = mask;
  }
  return chars.join('');
}
