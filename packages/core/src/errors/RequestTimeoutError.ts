import { AppError } from './AppError.js';

/** The client took longer than the server's header or request timeout to send its request. */
export class RequestTimeoutError extends AppError {
  readonly code = 'request_timeout';
  readonly status = 408;
}
