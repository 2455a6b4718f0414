import { AppError } from './AppError.js';

/**
 * An identical request holds the idempotency key and has not written its job
 * yet, within the time this request waited for it. Retrying later answers with
 * that job, or makes it if the other request died before writing it.
 */
export class IdempotencyKeyPendingError extends AppError {
  readonly code = 'idempotency_key_pending';
  readonly status = 503;
  override readonly retryable = true;
}
