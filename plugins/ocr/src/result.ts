import type { ModerationResult, TaskOutput } from '@crs/core';
import type { OcrLine } from './engines/engine.js';

type Output = TaskOutput<'image.ocr'>;

/** The lines joined in reading order, and where each line starts in that text (code points). */
export function joinLines(lines: OcrLine[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at);
    at += [...line.text].length + 1;
  }
  return { text: lines.map((l) => l.text).join('\n'), starts };
}

/** Baidu's `words_result`: each line with its axis-aligned bounding box. */
export function wordsResult(lines: OcrLine[]): Output['words_result'] {
  return lines.map((l) => {
    const xs = l.box.map((p) => p[0]);
    const ys = l.box.map((p) => p[1]);
    const left = Math.min(...xs);
    const top = Math.min(...ys);
    return { words: l.text, location: { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top } };
  });
}

/** Text-moderation hits placed on the line where they start. */
export function mapHits(moderation: ModerationResult, lines: OcrLine[], starts: number[]): NonNullable<Output['moderation']> {
  const hits = moderation.hits.map((hit) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= hit.start) line++;
    return { ...hit, line, box: lines[line]!.box };
  });
  return { verdict: moderation.verdict, labels: moderation.labels, hits };
}
