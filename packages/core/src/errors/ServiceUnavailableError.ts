import { AppError } from './AppError.js';

/** A dependency (Redis) is unreachable; the request can be retried. */
export class ServiceUnavailableError extends AppError {
  readonly code = 'service_unavailable';
  readonly status = 503;
  override readonly retryable = true;
}
