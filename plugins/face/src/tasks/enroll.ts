import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { JobContext, TaskInput, TaskOutput } from '@crs/core';
import { imageBytes, type FaceDeps } from './deps.js';

/**
 * Adds the image's main face to a subject. The collection decides whether the
 * aligned crop is kept; the uploaded image itself is never kept by the library
 * (it goes with the job at retention).
 */
export async function enrollFace(input: TaskInput<'face.enroll'>, ctx: JobContext, deps: FaceDeps): Promise<TaskOutput<'face.enroll'>> {
  const model = deps.engine.embedderName;
  const collection = await deps.library.getCollection(ctx.tenant, input.collection);
  const main = await deps.engine.mainFace(await imageBytes(ctx, input.image), 'image');
  const image =
    collection.retainImages && main.aligned
      ? await sharp(main.aligned.data, { raw: { width: main.aligned.width, height: main.aligned.height, channels: 3 } }).png().toBuffer()
      : undefined;
  const face = await deps.library.addFace(ctx.tenant, {
    model,
    embedding: main.embedding,
    ...(image ? { image } : {}),
    record: {
      id: `face_${randomUUID().replaceAll('-', '')}`,
      collection: input.collection,
      subjectId: input.subject,
      box: main.face.box,
      score: main.face.score,
      quality: main.face.quality,
      ...(input.metadata ? { metadata: input.metadata } : {}),
      hasImage: Boolean(image),
      createdAt: new Date().toISOString(),
    },
  });
  return { face };
}
