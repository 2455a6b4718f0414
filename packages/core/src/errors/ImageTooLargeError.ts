import { AppError } from './AppError.js';

/** An image has more pixels than allowed, as decompression bombs do. */
export class ImageTooLargeError extends AppError {
  readonly code = 'image_too_large';
  readonly status = 422;
}
