import { MODERATION_CATEGORIES } from '../catalog/moderation.js';
import type { RedisKeys } from '../keys.js';
import { REVIEWABLE_TASKS } from './reviewable.js';
import { REVIEW_STATUSES, type ReviewStatus } from './schemas.js';

/**
 * The index sets an item of `status` belongs to: the status's own, its task's and each of its
 * categories'. A list filtered by task or category reads one set instead of walking them all.
 */
export function reviewIndexKeys(keys: RedisKeys, tenant: string, status: ReviewStatus, task: string, categories: Iterable<string>): string[] {
  return [keys.reviewIndex(tenant, status), keys.reviewIndex(tenant, status, `task:${task}`), ...[...new Set(categories)].map((c) => keys.reviewIndex(tenant, status, `cat:${c}`))];
}

/**
 * Every index set of the tenant (both statuses, every task and category): few enough (26) that
 * removing an item from all of them is one round trip, and what it was filed under need not be known.
 */
export function allReviewIndexKeys(keys: RedisKeys, tenant: string): string[] {
  return REVIEW_STATUSES.flatMap((status) => [
    keys.reviewIndex(tenant, status),
    ...REVIEWABLE_TASKS.map((t) => keys.reviewIndex(tenant, status, `task:${t}`)),
    ...MODERATION_CATEGORIES.map((c) => keys.reviewIndex(tenant, status, `cat:${c}`)),
  ]);
}
