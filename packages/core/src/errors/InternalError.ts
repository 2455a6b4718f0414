import { AppError } from './AppError.js';

/** A fault of the service itself; the message shown to callers stays generic. */
export class InternalError extends AppError {
  readonly code = 'internal_error';
  readonly status = 500;
  override readonly retryable = true;
}
