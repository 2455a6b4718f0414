import { AppError } from './AppError.js';

/** The job has already finished, so there is nothing to cancel. */
export class JobNotCancelableError extends AppError {
  readonly code = 'job_not_cancelable';
  readonly status = 409;
}
