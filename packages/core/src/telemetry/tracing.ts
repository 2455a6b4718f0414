import type { Telemetry } from 'bullmq';

/** What a started process's tracing holds: BullMQ's telemetry for its queues and workers, and a way to flush. */
export interface Tracing {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

let queueTelemetry: Telemetry | undefined;

/**
 * BullMQ's telemetry (bullmq-otel) for every Queue, Worker and FlowProducer of the process, so a
 * job's spans join the trace of the request that queued it; undefined while tracing is off, and
 * BullMQ then makes no span at all.
 */
export function bullmqTelemetry(): Telemetry | undefined {
  return queueTelemetry;
}

/** Tracing is on when an OTLP endpoint is set (OpenTelemetry's own variables) and the SDK is not disabled. */
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

const OFF: Tracing = { enabled: false, shutdown: async () => undefined };

/**
 * Starts the OpenTelemetry Node SDK with its OTLP trace exporter when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (or `..._TRACES_ENDPOINT`) is set; the SDK reads the protocol, headers and batching from
 * OpenTelemetry's standard variables. Otherwise nothing is loaded: the SDK is imported only here,
 * and spans made through `withSpan` stay the API's no-op ones. Call it before any queue or worker
 * exists. `serviceName` is the default of `OTEL_SERVICE_NAME`.
 */
export async function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Promise<Tracing> {
  if (!tracingWanted(env)) return OFF;
  env.OTEL_SERVICE_NAME ||= serviceName;
  // Traces only: metrics stay on /metrics (Prometheus) and logs on stdout.
  env.OTEL_METRICS_EXPORTER ||= 'none';
  env.OTEL_LOGS_EXPORTER ||= 'none';
  const [{ NodeSDK }, { BullMQOtel }] = await Promise.all([import('@opentelemetry/sdk-node'), import('bullmq-otel')]);
  const sdk = new NodeSDK({ instrumentations: [] });
  sdk.start();
  queueTelemetry = new BullMQOtel('crs') as unknown as Telemetry;
  return {
    enabled: true,
    async shutdown() {
      queueTelemetry = undefined;
      // Flushes the spans still batched.
      await sdk.shutdown().catch(() => undefined);
    },
  };
}
