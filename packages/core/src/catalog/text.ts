/** Text length is counted in Unicode code points, as a person counts characters. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
