#!/usr/bin/env node
// What a span costs while tracing is off (no OTEL_EXPORTER_OTLP_ENDPOINT): `withSpan` around an
// async function against calling it bare, in the same run, alternating rounds (the machine is
// shared, so compare within a round). Also says whether startTracing loaded anything.
import { performance } from 'node:perf_hooks';
import { bullmqTelemetry, startTracing, withSpan } from '../dist/index.js';

const N = Number(process.env.BENCH_CALLS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
const tracing = await startTracing('crs-bench');
const registered = globalThis[Symbol.for('opentelemetry.js.api.1')];
console.log(`tracing enabled: ${tracing.enabled}; BullMQ telemetry: ${bullmqTelemetry() ? 'set' : 'none'}; provider registered with the API: ${registered?.trace ? 'yes' : 'no'}`);

const work = async (i) => i + 1;
const bare = async () => {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += await work(i);
  return sum;
};
const spanned = async () => {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += await withSpan('bench', () => work(i), { attributes: { i } });
  return sum;
};
const time = async (fn) => {
  const started = performance.now();
  await fn();
  return ((performance.now() - started) * 1e6) / N;
};
await bare();
await spanned(); // warm-up
for (let round = 1; round <= ROUNDS; round++) {
  const order = round % 2 ? [bare, spanned] : [spanned, bare];
  const ns = {};
  for (const fn of order) ns[fn.name] = await time(fn);
  console.log(`round ${round}: bare call ${ns.bare.toFixed(0)} ns, inside withSpan ${ns.spanned.toFixed(0)} ns (+${(ns.spanned - ns.bare).toFixed(0)} ns a span, tracing off)`);
}
