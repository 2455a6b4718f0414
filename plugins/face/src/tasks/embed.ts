import type { JobContext, TaskInput, TaskOutput } from '@crs/core';
import { imageBytes, type FaceDeps } from './deps.js';

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export async function embedFaces(input: TaskInput<'face.embed'>, ctx: JobContext, deps: FaceDeps): Promise<TaskOutput<'face.embed'>> {
  const model = deps.engine.embedderName;
  const analysis = await deps.engine.analyse(await imageBytes(ctx, input.image), { maxFaces: input.maxFaces, embed: true });
  const faces = analysis.faces.map((f) => ({ ...f.face, embedding: Array.from(f.embedding!, round) }));
  return { image: analysis.image, model, dim: faces[0]?.embedding.length ?? 0, faces };
}
