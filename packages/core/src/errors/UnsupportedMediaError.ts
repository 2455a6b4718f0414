import { AppError } from './AppError.js';

/** The bytes are not a media type the task accepts (sniffed from content, never from headers or names). */
export class UnsupportedMediaError extends AppError {
  readonly code = 'unsupported_media';
  readonly status = 415;
}
