import { AppError } from './AppError.js';

/** `text` is missing or is not a string. */
export class InvalidTextError extends AppError {
  readonly code = 'invalid_text';
  readonly status = 422;
}
