import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { bullmqTelemetry, startTracing, tracingWanted, withSpan } from '../src/index.js';

// OpenTelemetry's API keeps what an SDK registers (tracer provider, context manager) under this global.
const registered = () => (globalThis as Record<symbol, Record<string, unknown> | undefined>)[Symbol.for('opentelemetry.js.api.1')];

describe('tracing without an OTLP endpoint', () => {
  it('is wanted only with an endpoint, and not when the SDK is disabled', () => {
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ OTEL_SERVICE_NAME: 'x' })).toBe(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });

  it('loads no SDK, gives BullMQ no telemetry, and records no span', async () => {
    const env: NodeJS.ProcessEnv = {};
    const tracing = await startTracing('crs-test', env);
    expect(tracing.enabled).toBe(false);
    expect(env.OTEL_SERVICE_NAME).toBeUndefined();
    expect(bullmqTelemetry()).toBeUndefined();
    // No tracer provider, context manager or propagator was registered with the API.
    expect(registered()?.trace).toBeUndefined();
    expect(registered()?.context).toBeUndefined();

    let recording = 0;
    let calls = 0;
    for (let i = 0; i < 1_000; i++) {
      const value = await withSpan('outer', (outer) =>
        withSpan(
          'inner',
          (inner) => {
            calls++;
            if (outer.isRecording() || inner.isRecording()) recording++;
            expect(trace.getSpan(context.active())).toBeUndefined();
            return i;
          },
          { attributes: { 'crs.test': i } },
        ),
      );
      expect(value).toBe(i);
    }
    expect({ calls, recording }).toEqual({ calls: 1_000, recording: 0 });
  });

  it('passes errors through unchanged', async () => {
    const err = Object.assign(new Error('boom'), { code: 'text_too_long' });
    await expect(withSpan('failing', () => Promise.reject(err))).rejects.toBe(err);
  });
});
