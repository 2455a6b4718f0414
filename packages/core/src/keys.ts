import { createHash } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The layout of every Redis key the service writes outside BullMQ's own, in one
 * place. All keys share the configured prefix so several deployments (or test
 * runs) can share one Redis without touching each other's data.
 */
export function redisKeys(prefix: string) {
  return {
    job: (id: string) => `${prefix}:job:${id}`,
    idempotency: (tenant: string, key: string) => `${prefix}:idem:${tenant}:${sha256Hex(key)}`,
    apiKeys: () => `${prefix}:apikeys`,
    webhookSecrets: () => `${prefix}:whsec`,
    cancelChannel: () => `${prefix}:cancel`,
    /** Pub/sub channel of one API process: workers publish there the finish of the jobs it waits on. */
    finishChannel: (instance: string) => `${prefix}:finish:${instance}`,
    /** List of a job's webhook message ids in the order they were raised; deliveries follow it. */
    webhookSequence: (jobId: string) => `${prefix}:whseq:${jobId}`,
    /** Set while an event of the job is on its way to the receiver; a DELETE waits for it to go. */
    webhookSending: (jobId: string) => `${prefix}:whsend:${jobId}`,
    /**
     * Sorted set of the ids of jobs not settled yet, by creation time: written with the job's record,
     * removed once the finished job's terminal event is queued and its retention clock started (or the
     * job purged). What a worker killed in between leaves here, the reconciler finishes.
     */
    unsettledJobs: () => `${prefix}:unsettled`,
    /** Hash: lexicon id → its description (JSON). */
    tenantLexicons: (tenant: string) => `${prefix}:lex:${tenant}`,
    tenantLexiconTerms: (tenant: string, id: string) => `${prefix}:lex:${tenant}:${id}:terms`,
    tenantThresholds: (tenant: string) => `${prefix}:textpolicy:${tenant}:thresholds`,
    /** Sorted set of a tenant's job ids by creation time: the call records. */
    tenantJobs: (tenant: string) => `${prefix}:jobsidx:${tenant}`,
    tenantJobsPattern: () => `${prefix}:jobsidx:*`,
    /** Hash: a finished job's review item (evidence and decision); expires with the job. */
    reviewItem: (jobId: string) => `${prefix}:review:${jobId}`,
    /**
     * Sorted set of a tenant's review items in one status, by the time the job finished; `facet` narrows it
     * to one task (`task:<name>`) or one category (`cat:<name>`). See reviews/reviewKeys.ts.
     */
    reviewIndex: (tenant: string, status: string, facet?: string) => `${prefix}:revidx:${tenant}:${status}${facet ? `:${facet}` : ''}`,
    reviewIndexPattern: () => `${prefix}:revidx:*`,
    /** Hash: a tenant's review settings (`includeBlock`). */
    reviewSettings: (tenant: string) => `${prefix}:revcfg:${tenant}`,
    /** Hash of request counts in one 5-minute window, by tenant and overall. */
    availabilityWindow: (window: number) => `${prefix}:avail:${window}`,
    /** Hash of finished-job counts in one 5-minute window, over the whole service: latency buckets, failures by code. */
    jobStatsWindow: (window: number) => `${prefix}:jobstats:${window}`,
    rateLimitPrefix: () => `${prefix}:rl`,
    /** Counts of wrong API keys per client address, one key per address and window. */
    failedAuthPrefix: () => `${prefix}:authfail`,
    /** Held by the worker whose retention sweep runs this interval; the others skip theirs. */
    retentionLease: () => `${prefix}:retention:lease`,
    /** Sorted set of the workers serving a task, scored by when their announcement lapses. */
    taskWorkers: (task: string) => `${prefix}:taskworkers:${task}`,
    /** Sorted set of a tenant's running job ids, scored by when their lease lapses. */
    tenantRunning: (tenant: string) => `${prefix}:running:${tenant}`,
    /** Bumped on every change to a tenant's lists or thresholds, so workers know when to reload. */
    textPolicyVersion: (tenant: string) => `${prefix}:textpolicy:${tenant}:version`,
    /** Hash: classifier name → its record (JSON), for a tenant's own text classifiers. */
    classifiers: (tenant: string) => `${prefix}:clf:${tenant}`,
    /** A ready classifier's model file (the abuse model's format, one language). */
    classifierWeights: (tenant: string, name: string) => `${prefix}:clf:${tenant}:${name}:weights`,
    /** Bumped whenever a tenant's set of ready classifiers changes, so workers know when to reload. */
    classifierVersion: (tenant: string) => `${prefix}:clf:${tenant}:version`,
    /** Hash: collection id → its description (JSON). */
    faceCollections: (tenant: string) => `${prefix}:face:${tenant}`,
    /** The embedding model a collection's vectors come from. */
    faceModel: (tenant: string, c: string) => `${prefix}:face:${tenant}:${c}:model`,
    /** Hash: subject id → its description (JSON). */
    faceSubjects: (tenant: string, c: string) => `${prefix}:face:${tenant}:${c}:subjects`,
    /** Set of a subject's face ids. */
    faceSubjectFaces: (tenant: string, c: string, s: string) => `${prefix}:face:${tenant}:${c}:subject:${s}`,
    /** Hash: face id → its record (JSON). */
    faceRecords: (tenant: string, c: string) => `${prefix}:face:${tenant}:${c}:faces`,
    /** Hash: face id → subject id and embedding, packed (see face/packedEmbedding.ts). */
    faceEmbeddings: (tenant: string, c: string) => `${prefix}:face:${tenant}:${c}:vectors`,
    /** Hash: face id → aligned face crop (PNG), only for collections that keep images. */
    faceImages: (tenant: string, c: string) => `${prefix}:face:${tenant}:${c}:images`,
    /** Bumped on every change to a collection's faces, so workers know when their index is stale. */
    faceVersion: (tenant: string, c: string) => `${prefix}:face:${tenant}:${c}:version`,
    /** Bumped whenever a tenant's watchlists change (a collection given, changed or stripped of a moderation category, or deleted). */
    faceWatchVersion: (tenant: string) => `${prefix}:facewatch:${tenant}:version`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;
