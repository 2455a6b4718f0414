import { EmbeddingModelMismatchError, type JobContext, type TaskInput, type TaskOutput } from '@crs/core';
import { similarityOf } from '../embed/embedder.js';
import { imageBytes, type FaceDeps } from './deps.js';

export async function compareFaces(input: TaskInput<'face.compare'>, ctx: JobContext, deps: FaceDeps): Promise<TaskOutput<'face.compare'>> {
  const model = deps.engine.embedderName;
  const first = await deps.engine.mainFace(await imageBytes(ctx, input.image), 'image');
  let other: Float32Array;
  let otherFace: TaskOutput<'face.compare'>['faces'][1] = null;
  if (input.image2) {
    const second = await deps.engine.mainFace(await imageBytes(ctx, input.image2), 'image2');
    other = second.embedding;
    otherFace = second.face;
  } else {
    const stored = await deps.library.embedding(ctx.tenant, input.face!.collection, input.face!.faceId);
    if (stored.model && stored.model !== model) {
      throw new EmbeddingModelMismatchError(`face ${input.face!.faceId} was enrolled with model ${stored.model}; this worker embeds with ${model}`);
    }
    other = stored.vector;
  }
  const similarity = similarityOf(first.embedding, other);
  const threshold = input.threshold ?? deps.config.face.matchThreshold;
  return { similarity, match: similarity >= threshold, threshold, model, faces: [first.face, otherFace] };
}
