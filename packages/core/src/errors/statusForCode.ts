import type { AppError, AppErrorOptions } from './AppError.js';
import { IdempotencyConflictError } from './IdempotencyConflictError.js';
import { IdempotencyKeyPendingError } from './IdempotencyKeyPendingError.js';
import { InternalError } from './InternalError.js';
import { InvalidJsonError } from './InvalidJsonError.js';
import { InvalidRequestError } from './InvalidRequestError.js';
import { InvalidTextError } from './InvalidTextError.js';
import { InvalidUploadError } from './InvalidUploadError.js';
import { JobCanceledError } from './JobCanceledError.js';
import { JobNotCancelableError } from './JobNotCancelableError.js';
import { JobTimeoutError } from './JobTimeoutError.js';
import { NotFoundError } from './NotFoundError.js';
import { NotReviewableError } from './NotReviewableError.js';
import { PayloadTooLargeError } from './PayloadTooLargeError.js';
import { RateLimitedError } from './RateLimitedError.js';
import { ServiceUnavailableError } from './ServiceUnavailableError.js';
import { TextEmptyError } from './TextEmptyError.js';
import { TextTooLongError } from './TextTooLongError.js';
import { UnauthorizedError } from './UnauthorizedError.js';
import { UnknownTaskError } from './UnknownTaskError.js';
import { UrlNotAllowedError } from './UrlNotAllowedError.js';
import { NoAudioStreamError } from './NoAudioStreamError.js';
import { SampleRateTooLowError } from './SampleRateTooLowError.js';
import { VideoTooLargeError } from './VideoTooLargeError.js';
import { MediaDurationError } from './MediaDurationError.js';
import { NoVideoStreamError } from './NoVideoStreamError.js';
import { ModelNotInstalledError } from './ModelNotInstalledError.js';
import { InvalidBase64Error } from './InvalidBase64Error.js';
import { ImageTooLargeError } from './ImageTooLargeError.js';
import { CorruptMediaError } from './CorruptMediaError.js';
import { UrlFetchFailedError } from './UrlFetchFailedError.js';
import { FileNotFoundError } from './FileNotFoundError.js';
import { MediaTooLargeError } from './MediaTooLargeError.js';
import { UnsupportedMediaError } from './UnsupportedMediaError.js';

import { AlreadyExistsError } from './AlreadyExistsError.js';
import { NoFaceFoundError } from './NoFaceFoundError.js';
import { EmbeddingModelMismatchError } from './EmbeddingModelMismatchError.js';
import { LimitExceededError } from './LimitExceededError.js';
import { InvalidHttpError } from './InvalidHttpError.js';
import { HeadersTooLargeError } from './HeadersTooLargeError.js';
import { RequestTimeoutError } from './RequestTimeoutError.js';
import { TooManyConnectionsError } from './TooManyConnectionsError.js';
import { TooManyFailedAuthError } from './TooManyFailedAuthError.js';
const ALL: (new (message: string) => AppError)[] = [
  AlreadyExistsError,
  CorruptMediaError,
  EmbeddingModelMismatchError,
  FileNotFoundError,
  HeadersTooLargeError,
  IdempotencyConflictError,
  IdempotencyKeyPendingError,
  ImageTooLargeError,
  InternalError,
  InvalidBase64Error,
  InvalidHttpError,
  InvalidJsonError,
  InvalidRequestError,
  InvalidTextError,
  InvalidUploadError,
  JobCanceledError,
  JobNotCancelableError,
  JobTimeoutError,
  LimitExceededError,
  MediaDurationError,
  MediaTooLargeError,
  ModelNotInstalledError,
  NoAudioStreamError,
  NoFaceFoundError,
  NoVideoStreamError,
  NotFoundError,
  NotReviewableError,
  PayloadTooLargeError,
  RateLimitedError,
  RequestTimeoutError,
  SampleRateTooLowError,
  ServiceUnavailableError,
  TextEmptyError,
  TextTooLongError,
  TooManyConnectionsError,
  TooManyFailedAuthError,
  UnauthorizedError,
  UnknownTaskError,
  UnsupportedMediaError,
  UrlFetchFailedError,
  UrlNotAllowedError,
  VideoTooLargeError,
];

const STATUS_BY_CODE = new Map(ALL.map((E) => new E('')).map((e) => [e.code, e.status]));
const CLASS_BY_CODE = new Map(ALL.map((E) => [new E('').code, E as new (message: string, options?: AppErrorOptions) => AppError]));

/** The HTTP status of an error known only by its code (a failed job's `error.code`); 500 when unknown. */
export function statusForCode(code: string): number {
  return STATUS_BY_CODE.get(code) ?? 500;
}

/**
 * The error of the class that has `code`, rebuilt from what `toJSON` gave
 * (an error that crossed a thread or process boundary, where structured
 * cloning keeps only the message); null when no class has that code.
 */
export function errorForCode(code: string, message: string, options?: AppErrorOptions): AppError | null {
  const E = CLASS_BY_CODE.get(code);
  return E ? new E(message, options) : null;
}
