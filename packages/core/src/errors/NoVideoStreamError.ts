import { AppError } from './AppError.js';

/** The file is a media container without a video stream. */
export class NoVideoStreamError extends AppError {
  readonly code = 'no_video_stream';
  readonly status = 422;
}
