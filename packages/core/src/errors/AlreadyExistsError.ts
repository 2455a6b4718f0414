import { AppError } from './AppError.js';

/** A resource with this client-chosen id exists already (a face collection or subject). */
export class AlreadyExistsError extends AppError {
  readonly code = 'already_exists';
  readonly status = 409;
}
