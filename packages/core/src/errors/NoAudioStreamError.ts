import { AppError } from './AppError.js';

/** The file has no audio stream. */
export class NoAudioStreamError extends AppError {
  readonly code = 'no_audio_stream';
  readonly status = 422;
}
