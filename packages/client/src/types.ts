import type { components, paths } from './generated/api.js';

export type { components, operations, paths } from './generated/api.js';
export type Job = components['schemas']['Job'];
export type JobRequest = paths['/v1/jobs']['post']['requestBody']['content']['application/json'];
export type StoredFile = components['schemas']['File'];
export type ListJobsQuery = NonNullable<paths['/v1/jobs']['get']['parameters']['query']>;
export type ReviewItem = components['schemas']['ReviewItem'];
export type ReviewDecision = components['schemas']['ReviewDecision'];
export type ReviewSummary = components['schemas']['ReviewSummary'];
export type ReviewSettings = components['schemas']['ReviewSettings'];
