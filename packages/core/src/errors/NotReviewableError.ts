import { AppError } from './AppError.js';

/** The job has no verdict a person could review: not finished, a task without a verdict, or `pass`. */
export class NotReviewableError extends AppError {
  readonly code = 'not_reviewable';
  readonly status = 409;
}
