import { AppError } from './AppError.js';

/** The resource does not exist or belongs to another tenant (never 403, so ids leak nothing). */
export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
}
