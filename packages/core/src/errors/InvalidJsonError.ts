import { AppError } from './AppError.js';

/** The request body is not valid JSON. */
export class InvalidJsonError extends AppError {
  readonly code = 'invalid_json';
  readonly status = 400;
}
