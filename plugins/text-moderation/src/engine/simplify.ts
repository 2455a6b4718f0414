import { Converter } from 'opencc-js/t2cn';

// OpenCC's traditional → mainland simplified tables. Each converter already ends in
// standard traditional → simplified; chaining the two covers Taiwan and Hong Kong forms.
const fromTaiwan = Converter({ from: 'tw', to: 'cn' });
const fromHongKong = Converter({ from: 'hk', to: 'cn' });

/**
 * Simplified form of each character on its own. Matching folds character by
 * character so that offsets stay exact; OpenCC's phrase rules never cross the
 * line breaks between the characters here.
 */
export function simplifyEach(chars: readonly string[]): string[] {
  const converted = fromHongKong(fromTaiwan(chars.join('\n'))).split('\n');
  if (converted.length !== chars.length) return chars.map((ch) => fromHongKong(fromTaiwan(ch)));
  return converted;
}
