import { AppError } from './AppError.js';

/** Audio sampled below 8 kHz, which the service contract does not accept. */
export class SampleRateTooLowError extends AppError {
  readonly code = 'sample_rate_too_low';
  readonly status = 422;
}
