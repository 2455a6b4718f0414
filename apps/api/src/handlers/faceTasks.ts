import type { TaskName } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';
import { runTaskNow } from '../jobs/runTaskNow.js';

/** How long the `/v1/face/…` routes wait for the worker unless `Prefer: wait=N` says otherwise. */
export const FACE_SYNC_WAIT_MS = 30_000;

/** `POST /v1/face/<verb>`: the body is the task's input; answered like `POST /v1/jobs` with `Prefer: wait`. */
const faceTaskRoute =
  (task: TaskName) =>
  (ctx: ApiContext): Handler =>
  async (req) =>
    runTaskNow(ctx, tenantOf(req), task, req.body ?? {}, { waitMs: FACE_SYNC_WAIT_MS, prefer: req.headers.prefer });

export const detectFacesNow = faceTaskRoute('face.detect');
export const embedFacesNow = faceTaskRoute('face.embed');
export const compareFacesNow = faceTaskRoute('face.compare');
export const searchFacesNow = faceTaskRoute('face.search');
export const livenessNow = faceTaskRoute('face.liveness');
export const watchFacesNow = faceTaskRoute('face.watch');
