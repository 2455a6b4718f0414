export * from './spans.js';
export * from './tracing.js';
export * from './jobTrace.js';
