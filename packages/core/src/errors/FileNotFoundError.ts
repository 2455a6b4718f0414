import { AppError } from './AppError.js';

/** A job input names a fileId the caller does not own, or one that has expired. */
export class FileNotFoundError extends AppError {
  readonly code = 'file_not_found';
  readonly status = 422;
}
