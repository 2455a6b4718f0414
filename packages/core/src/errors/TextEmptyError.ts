import { AppError } from './AppError.js';

/** `text` is empty or only whitespace: there is nothing to moderate. */
export class TextEmptyError extends AppError {
  readonly code = 'text_empty';
  readonly status = 422;
}
