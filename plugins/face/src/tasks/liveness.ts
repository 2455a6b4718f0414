import type { JobContext, TaskInput, TaskOutput } from '@crs/core';
import { imageBytes, type FaceDeps } from './deps.js';

export async function checkLiveness(input: TaskInput<'face.liveness'>, ctx: JobContext, deps: FaceDeps): Promise<TaskOutput<'face.liveness'>> {
  const analysis = await deps.engine.analyse(await imageBytes(ctx, input.image), { maxFaces: input.maxFaces, liveness: true });
  const threshold = input.threshold ?? deps.config.face.livenessThreshold;
  return {
    image: analysis.image,
    threshold,
    faces: analysis.faces.map((f) => ({ ...f.face, liveness: { ...f.liveness!, live: f.liveness!.score >= threshold } })),
  };
}
