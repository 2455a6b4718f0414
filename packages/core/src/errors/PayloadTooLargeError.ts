import { AppError } from './AppError.js';

/** The request body is larger than the configured limit. */
export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}
