import { AppError } from './AppError.js';

/** The task needs a face and the image has none the detector can find. */
export class NoFaceFoundError extends AppError {
  readonly code = 'no_face_found';
  readonly status = 422;
}
