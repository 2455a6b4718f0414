import {
  faceWatchOutputSchema,
  mergeLabels,
  type FaceHit,
  type JobContext,
  type Label,
  type TaskInput,
  type TaskOutput,
  type WatchlistCache,
} from '@crs/core';

type Output = TaskOutput<'image.moderate'>;

export const WATCH_TASK = 'face.watch';

export interface WatchlistFindings {
  check: NonNullable<Output['watchlist']>;
  hits: FaceHit[];
  labels: Label[];
}

/**
 * People of the tenant's watchlists in the image: the face plugin detects,
 * embeds and searches (`face.watch`, in this worker process). A tenant with no
 * watchlist, or none of the categories asked for, costs one cached lookup and
 * no face model at all (`undefined`: nothing to report).
 */
export async function checkWatchlists(
  input: TaskInput<'image.moderate'>,
  ctx: JobContext,
  cache: WatchlistCache | null,
): Promise<WatchlistFindings | undefined> {
  let ids = input.watchlists;
  if (!ids) {
    const all = cache ? await cache.get(ctx.tenant) : [];
    ids = all.filter((w) => !input.categories || input.categories.includes(w.moderation.category)).map((w) => w.id);
    if (!ids.length) return undefined;
  }
  if (!ctx.local.has(WATCH_TASK)) {
    const message = 'the face plugin is not installed on this worker; faces were not checked against the watchlists';
    return { check: { status: 'unavailable', watchlists: ids, faces: 0, message }, hits: [], labels: [] };
  }
  const watched = faceWatchOutputSchema.parse(
    await ctx.local.run(WATCH_TASK, { image: input.image, watchlists: ids, ...(input.categories ? { categories: input.categories } : {}) }, ctx),
  );
  const hits: FaceHit[] = watched.faces.flatMap((face) =>
    face.matches.map((m) => ({
      category: m.category,
      source: 'face' as const,
      collection: m.collection,
      subjectId: m.subjectId,
      faceId: m.faceId,
      similarity: m.similarity,
      box: face.box,
      level: m.level,
    })),
  );
  // The collection's level is the verdict; the score says how alike the faces were.
  const labels = mergeLabels(hits.map((h) => [{ category: h.category, score: Math.round(h.similarity * 100) / 1e4, verdict: h.level }]));
  return { check: { status: 'done', watchlists: watched.watchlists.map((w) => w.id), faces: watched.faces.length }, hits, labels };
}
