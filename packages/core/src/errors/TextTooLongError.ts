import { AppError } from './AppError.js';

/** The text is longer than the endpoint or task allows. */
export class TextTooLongError extends AppError {
  readonly code = 'text_too_long';
  readonly status = 422;
}
