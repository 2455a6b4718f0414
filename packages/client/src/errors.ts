/** An error answer of the service: its stable code, HTTP status and the request id to find it in the logs. */
export class CrsError extends Error {
  override readonly name = 'CrsError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** Builds the error from an answer's body (`{ error: { code, message, requestId } }`) and status. */
  static from(status: number, body: unknown, response?: Response): CrsError {
    const error = (body as { error?: { code?: string; message?: string; requestId?: string; details?: Record<string, unknown> } } | undefined)?.error;
    return new CrsError(
      status,
      error?.code ?? 'http_error',
      error?.message ?? `HTTP ${status}`,
      error?.requestId ?? response?.headers.get('x-request-id') ?? undefined,
      error?.details,
    );
  }
}
