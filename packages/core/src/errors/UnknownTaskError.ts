import { AppError } from './AppError.js';

/** The task name is not in the job catalog. */
export class UnknownTaskError extends AppError {
  readonly code = 'unknown_task';
  readonly status = 422;
}
