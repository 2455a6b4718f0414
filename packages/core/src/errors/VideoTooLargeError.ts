import { AppError } from './AppError.js';

/** The video's frame size is beyond the configured maximum. */
export class VideoTooLargeError extends AppError {
  readonly code = 'video_too_large';
  readonly status = 422;
}
