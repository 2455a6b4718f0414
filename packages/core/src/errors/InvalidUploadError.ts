import { AppError } from './AppError.js';

/** A multipart upload that cannot be read: cut short, never terminated, stalled or not multipart at all. */
export class InvalidUploadError extends AppError {
  readonly code = 'invalid_upload';
  readonly status = 400;
}
