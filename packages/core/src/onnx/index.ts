export * from './onnxProto.js';
export { concat as concatBytes } from './protobuf.js';
