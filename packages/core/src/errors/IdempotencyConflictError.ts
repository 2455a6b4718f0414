import { AppError } from './AppError.js';

/** The idempotency key was used before with a different request. */
export class IdempotencyConflictError extends AppError {
  readonly code = 'idempotency_key_reused';
  readonly status = 409;
}
