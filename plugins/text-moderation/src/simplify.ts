import { Converter } from 'opencc-js/t2cn';

// OpenCC's traditional → mainland simplified tables, built once. Each converter already
// ends in standard traditional → simplified; chaining the two covers Taiwan and Hong Kong forms.
const fromTaiwan = Converter({ from: 'tw', to: 'cn' });
const fromHongKong = Converter({ from: 'hk', to: 'cn' });

function convert(text: string): string {
  return fromHongKong(fromTaiwan(text));
}

/**
 * Simplified form of each code point, position by position. OpenCC converts
 * phrases too, and a phrase rule could change the length; when it does, the
 * characters are converted one by one so the offset map stays exact.
 */
export function simplifyChars(chars: readonly string[]): string[] {
  const whole = [...convert(chars.join(''))];
  if (whole.length === chars.length) return whole;
  return chars.map((ch) => {
    const one = [...convert(ch)];
    return one.length === 1 ? one[0]! : ch;
  });
}
