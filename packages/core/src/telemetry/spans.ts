import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

const tracer = () => trace.getTracer('crs');

export interface SpanOptions {
  attributes?: Attributes;
  /** `server` for the span of an HTTP request the process answers; `internal` otherwise. */
  kind?: 'server' | 'internal';
}

/**
 * Runs `fn` inside a span named `name`, a child of the span active now (the job's, in a worker),
 * ended when `fn` settles and marked as an error (with the error's code or name) when it throws.
 * Plugins and the service use it instead of OpenTelemetry itself. With tracing off (no SDK
 * started) the span is OpenTelemetry's non-recording one: `fn` runs with nothing recorded or sent.
 */
export function withSpan<T>(name: string, fn: (span: Span) => Promise<T> | T, options: SpanOptions = {}): Promise<T> {
  const kind = options.kind === 'server' ? SpanKind.SERVER : SpanKind.INTERNAL;
  return tracer().startActiveSpan(name, { kind, ...(options.attributes ? { attributes: options.attributes } : {}) }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      // The error's kind only: a message may quote the caller's content.
      const code = (err as { code?: unknown }).code ?? (err as Error).name;
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(code) });
      throw err;
    } finally {
      span.end();
    }
  });
}

export type { Span, Attributes };
