import type { Category } from '../catalog/moderation.js';
import type { ClassifierExample } from '../classifiers/schemas.js';
import type { ReviewStore } from './reviewStore.js';
import type { ReviewExportLine, ReviewItem } from './schemas.js';

/** A decided item as labelled data: one line of the export. */
export function exportLine(item: ReviewItem): ReviewExportLine | null {
  const d = item.decision;
  if (!d) return null;
  return {
    jobId: item.jobId,
    task: item.task,
    ...(item.evidence.text !== undefined ? { text: item.evidence.text } : {}),
    ...(item.evidence.fileId !== undefined ? { fileId: item.evidence.fileId } : {}),
    label: d.decision,
    categories: d.categories,
    ...(d.note !== undefined ? { note: d.note } : {}),
    decidedAt: d.at,
    by: d.by,
  };
}

/** A person's label of a text: the training example a tenant's own text classifier learns from. */
export interface TextDecision {
  text: string;
  label: 'pass' | 'block';
  categories: Category[];
}

/**
 * The tenant's decided text items (text jobs and synchronous text calls still within retention), newest
 * first, as `{ text, label, categories }`: what tenant-trained text classifiers are trained on.
 */
export async function exportDecisions(reviews: ReviewStore, tenant: string): Promise<TextDecision[]> {
  const out: TextDecision[] = [];
  for await (const item of reviews.decided(tenant)) {
    if (item.evidence.text === undefined || !item.decision) continue;
    out.push({ text: item.evidence.text, label: item.decision.decision, categories: item.decision.categories });
  }
  return out;
}

/**
 * Moderators' decisions as examples for a classifier of `category`. A block is a positive when it names the
 * category or names none (the moderator blocked the text as a whole); a pass is a negative. A block for other
 * categories only says nothing about this one and is left out, so a text blocked as an ad does not teach an
 * abuse classifier that ads are abuse.
 */
export function decisionsAsExamples(decisions: readonly TextDecision[], category: Category): ClassifierExample[] {
  const out: ClassifierExample[] = [];
  for (const d of decisions) {
    if (d.label === 'pass') out.push({ text: d.text, label: false });
    else if (d.categories.length === 0 || d.categories.includes(category)) out.push({ text: d.text, label: true });
  }
  return out;
}
