import { AppError } from './AppError.js';

/** The request body or parameters do not match the schema. */
export class InvalidRequestError extends AppError {
  readonly code = 'invalid_request';
  readonly status = 400;
}
