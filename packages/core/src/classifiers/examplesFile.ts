import { InvalidExamplesError } from '../errors/index.js';
import { classifierExampleSchema, MAX_CLASSIFIER_EXAMPLES, type ClassifierExample } from './schemas.js';

/**
 * Whether the first bytes of an upload read as JSON Lines: UTF-8 text whose
 * first line starts with `{`. Binary media is sniffed before this is asked.
 */
export function looksLikeJsonLines(head: Uint8Array): boolean {
  let text: string;
  try {
    // `stream: true`: the head may end inside a multi-byte character.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  return /^\uFEFF?\s*\{/.test(text) && !text.includes('\u0000');
}

/** Examples as JSON Lines, one `{"text":…,"label":…}` per line. */
export function encodeExamples(examples: readonly ClassifierExample[]): Buffer {
  return Buffer.from(examples.map((e) => JSON.stringify({ text: e.text, label: e.label })).join('\n'), 'utf8');
}

/** Reads JSON Lines examples, naming the first line that is not one; blank lines are skipped. */
export function parseExamples(bytes: Uint8Array): ClassifierExample[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidExamplesError('the examples file is not UTF-8 text: write one JSON object {"text": "…", "label": true|false} per line');
  }
  const examples: ClassifierExample[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (examples.length >= MAX_CLASSIFIER_EXAMPLES) {
      throw new InvalidExamplesError(`the examples file holds more than ${MAX_CLASSIFIER_EXAMPLES} examples; a classifier takes at most that many`);
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InvalidExamplesError(`line ${i + 1} of the examples file is not JSON: write one {"text": "…", "label": true|false} per line`);
    }
    const parsed = classifierExampleSchema.strict().safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      throw new InvalidExamplesError(`line ${i + 1} of the examples file: ${where}${issue.message}`);
    }
    examples.push(parsed.data);
  }
  return examples;
}
