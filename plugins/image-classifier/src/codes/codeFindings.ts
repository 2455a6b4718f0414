import {
  DEFAULT_THRESHOLD,
  mergeLabels,
  moderationResultSchema,
  TEXT_JOB_MAX_CHARS,
  verdictForScore,
  type Category,
  type JobContext,
  type Label,
  type TextHit,
  type Thresholds,
} from '@crs/core';
import type { DecodedCode } from './codeReader.js';

/**
 * The `ad` score of a code by its mere presence: QR codes are the commonest ad
 * vector in user pictures. It lands between the default `ad` review (0.5) and
 * block (0.9) thresholds, so a code is reviewed; thresholds move it either way.
 */
export const CODE_PRESENCE_SCORE = 0.7;
export const CODE_LEXICON = 'code';
const TEXT_TASK = 'text.moderate';

export interface CodeFindings {
  labels: Label[];
  hits: TextHit[];
}

/** The label any code earns, with the request's, else the tenant's, else the default `ad` thresholds. */
export function presenceLabel(requested: Thresholds | undefined, tenant: Thresholds | undefined): Label {
  const t = requested?.ad ?? tenant?.ad ?? DEFAULT_THRESHOLD;
  return { category: 'ad', score: CODE_PRESENCE_SCORE, verdict: verdictForScore(CODE_PRESENCE_SCORE, t) };
}

/**
 * Findings from the codes of an image: one `ad` hit per code for its
 * presence, and the text-moderation hits of its payload (a WeChat link, a
 * short URL, a phone number, a QQ group), each with `source: "code"`, the
 * code's index and its box. Payloads are moderated by the text-moderation
 * plugin of this worker, as OCR text is; without it only presence counts.
 */
export async function codeFindings(
  codes: DecodedCode[],
  options: { categories?: Category[]; thresholds?: Thresholds; tenantThresholds: () => Promise<Thresholds> },
  ctx: JobContext,
): Promise<CodeFindings> {
  if (!codes.length) return { labels: [], hits: [] };
  const wantAd = !options.categories || options.categories.includes('ad');
  const labels: Label[][] = [];
  const hits: TextHit[] = [];
  if (wantAd) {
    const tenant = options.thresholds?.ad ? undefined : await options.tenantThresholds();
    labels.push([presenceLabel(options.thresholds, tenant)]);
    codes.forEach((c, code) => {
      const length = [...c.text].length;
      hits.push({ category: 'ad', word: c.format, lexicon: CODE_LEXICON, start: 0, end: length, matched: c.text, evasion: [], source: 'code', code, box: c.box });
    });
  }
  if (ctx.local.has(TEXT_TASK)) {
    for (const [code, c] of codes.entries()) {
      if (!c.text.trim()) continue;
      const text = [...c.text].slice(0, TEXT_JOB_MAX_CHARS).join('');
      const result = moderationResultSchema.parse(await ctx.local.run(TEXT_TASK, { text, ...(options.categories ? { categories: options.categories } : {}) }, ctx));
      labels.push(result.labels);
      for (const hit of result.hits) hits.push({ ...hit, source: 'code', code, box: c.box });
    }
  }
  return { labels: mergeLabels(labels), hits };
}
