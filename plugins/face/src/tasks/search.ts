import { EmbeddingModelMismatchError, type JobContext, type TaskInput, type TaskOutput } from '@crs/core';
import { similarityFromCosine } from '../embed/embedder.js';
import { noFaceIn } from '../engine.js';
import { imageBytes, type FaceDeps } from './deps.js';

export async function searchFaces(input: TaskInput<'face.search'>, ctx: JobContext, deps: FaceDeps): Promise<TaskOutput<'face.search'>> {
  const model = deps.engine.embedderName;
  // The collection first: a search of a collection that does not exist fails before any inference.
  const { index, model: stored } = await deps.indexes.get(ctx.tenant, input.collection);
  if (stored && stored !== model) {
    throw new EmbeddingModelMismatchError(`face collection ${input.collection} holds vectors of model ${stored}; this worker embeds with ${model}`);
  }
  const analysis = await deps.engine.analyse(await imageBytes(ctx, input.image), { maxFaces: input.maxFaces, embed: true });
  if (!analysis.faces.length) throw noFaceIn('image');
  const threshold = input.threshold ?? deps.config.face.matchThreshold;
  const faces = analysis.faces.map((f) => ({
    ...f.face,
    matches: index.search(f.embedding!, input.topK).map((hit) => {
      const similarity = similarityFromCosine(hit.cosine);
      return { faceId: hit.faceId, subjectId: hit.subjectId, similarity, match: similarity >= threshold };
    }),
  }));
  return { collection: input.collection, model, threshold, searched: index.size, faces };
}
