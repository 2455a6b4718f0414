import { AppError } from './AppError.js';

/** The caller sent more requests than its limit allows. */
export class RateLimitedError extends AppError {
  readonly code = 'rate_limited';
  readonly status = 429;
}
