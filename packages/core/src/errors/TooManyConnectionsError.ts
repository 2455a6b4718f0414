import { AppError } from './AppError.js';

/** One address holds more connections at once than HTTP_MAX_CONNECTIONS_PER_ADDRESS allows. */
export class TooManyConnectionsError extends AppError {
  readonly code = 'too_many_connections';
  readonly status = 429;
}
