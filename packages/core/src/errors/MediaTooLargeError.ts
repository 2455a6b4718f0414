import { AppError } from './AppError.js';

/** An upload, a base64 input or a fetched URL is larger than the limit for its kind. */
export class MediaTooLargeError extends AppError {
  readonly code = 'media_too_large';
  readonly status = 413;
}
