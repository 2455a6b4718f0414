import type { JobContext, TaskInput, TaskOutput } from '@crs/core';
import { imageBytes, type FaceDeps } from './deps.js';

export async function detectFaces(input: TaskInput<'face.detect'>, ctx: JobContext, deps: FaceDeps): Promise<TaskOutput<'face.detect'>> {
  const analysis = await deps.engine.analyse(await imageBytes(ctx, input.image), { maxFaces: input.maxFaces, minFaceSize: input.minFaceSize });
  return { image: analysis.image, faces: analysis.faces.map((f) => f.face) };
}
