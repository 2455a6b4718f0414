export * from './onnxProto.js';
export { decodeModel } from './onnxDecode.js';
export { concat as concatBytes } from './protobuf.js';
