import { EmbeddingModelMismatchError, InvalidRequestError, NotFoundError, type JobContext, type TaskInput, type TaskOutput, type Watchlist } from '@crs/core';
import { similarityFromCosine } from '../embed/embedder.js';
import { imageBytes, type FaceDeps } from './deps.js';

type Output = TaskOutput<'face.watch'>;

/** The watchlists to check: the ones named (each must be one of the tenant's), else all of them; only the categories asked for. */
async function chosen(input: TaskInput<'face.watch'>, ctx: JobContext, deps: FaceDeps): Promise<Watchlist[]> {
  const all = await deps.watchlists.get(ctx.tenant);
  let lists = all;
  if (input.watchlists) {
    lists = [];
    for (const id of new Set(input.watchlists)) {
      const found = all.find((w) => w.id === id);
      if (found) {
        lists.push(found);
        continue;
      }
      // Throws not_found for a collection the tenant does not have (another tenant's included).
      await deps.library.getCollection(ctx.tenant, id);
      throw new InvalidRequestError(`face collection ${id} is not a watchlist: give it a moderation category first (PATCH /v1/face/collections/${id} {"moderation":{"category":"politics"}})`);
    }
  }
  return input.categories ? lists.filter((w) => input.categories!.includes(w.moderation.category)) : lists;
}

/**
 * Every face of the image against the tenant's watchlists. With no watchlist
 * to check the image is not even read: tenants without one pay one cached
 * lookup, no detection and no embedding.
 */
export async function watchFaces(input: TaskInput<'face.watch'>, ctx: JobContext, deps: FaceDeps): Promise<Output> {
  const threshold = input.threshold ?? deps.config.face.matchThreshold;
  const lists = await chosen(input, ctx, deps);
  if (!lists.length) return { model: null, threshold, watchlists: [], faces: [] };
  const model = deps.engine.embedderName;
  const indexes = await Promise.all(
    lists.map(async (w) => {
      try {
        return { watchlist: w, ...(await deps.indexes.get(ctx.tenant, w.id)) };
      } catch (err) {
        // Deleted between the listing and now: nothing to match in it.
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    }),
  );
  const present = indexes.filter((i): i is NonNullable<typeof i> => i !== null);
  for (const { watchlist, model: stored } of present) {
    if (stored && stored !== model) {
      throw new EmbeddingModelMismatchError(`watchlist ${watchlist.id} holds vectors of model ${stored}; this worker embeds with ${model}`);
    }
  }
  const searchable = present.filter((i) => i.index.size > 0);
  const watchlists = present.map((i) => ({ id: i.watchlist.id, category: i.watchlist.moderation.category, level: i.watchlist.moderation.level, searched: i.index.size }));
  // Watchlists without a face yet can match nothing: no need to look at the image.
  if (!searchable.length) return { model, threshold, watchlists, faces: [] };
  const analysis = await deps.engine.analyse(await imageBytes(ctx, input.image), { maxFaces: input.maxFaces, embed: true });
  const faces = analysis.faces.map((f) => ({
    ...f.face,
    matches: searchable.flatMap(({ watchlist, index }) => {
      const best = index.search(f.embedding!, 1)[0];
      const similarity = best ? similarityFromCosine(best.cosine) : 0;
      if (!best || similarity < threshold) return [];
      const { category, level } = watchlist.moderation;
      return [{ collection: watchlist.id, subjectId: best.subjectId, faceId: best.faceId, similarity, category, level }];
    }),
  }));
  return { model, threshold, watchlists, faces };
}
