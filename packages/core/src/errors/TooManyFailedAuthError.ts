import { AppError } from './AppError.js';

/** Too many wrong API keys from one address: it is refused until the window ends (`Retry-After`). */
export class TooManyFailedAuthError extends AppError {
  readonly code = 'too_many_failed_auth';
  readonly status = 429;
}
