import { AppError } from './AppError.js';

/** The job was canceled by its owner while queued or running. */
export class JobCanceledError extends AppError {
  readonly code = 'canceled';
  readonly status = 409;
}
