import type { Category } from '../catalog/moderation.js';
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
