import { AppError } from './AppError.js';

/** Missing or unknown API key or admin credentials. */
export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
  readonly status = 401;
}
