import { AppError } from './AppError.js';

/** The task ran longer than its catalog timeout. */
export class JobTimeoutError extends AppError {
  readonly code = 'timeout';
  readonly status = 504;
  override readonly retryable = true;
}
