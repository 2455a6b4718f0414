import { AppError } from './AppError.js';

/** A base64 or data URL input is not valid base64. */
export class InvalidBase64Error extends AppError {
  readonly code = 'invalid_base64';
  readonly status = 422;
}
