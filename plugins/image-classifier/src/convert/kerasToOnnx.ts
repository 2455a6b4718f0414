import { encodeModel, floatTensor, int64Tensor, DataType, type NodeSpec, type TensorSpec } from '@crs/core';
import type { KerasLayer, KerasModel } from './tfjsLayersModel.js';

/**
 * Converts a Keras image classifier into an ONNX graph. The graph keeps Keras'
 * NHWC input so callers feed the same tensor they would feed TensorFlow.js; it
 * transposes to NCHW once, runs every convolution in ONNX's native layout and
 * transposes back before anything that flattens.
 */
export interface ConvertOptions {
  inputName: string;
  outputName: string;
  docString: string;
}

/** Opset 13: Pad takes its pads as an input, Softmax works on one axis. */
const OPSET = 13;
export const CONVERTER_VERSION = '1';

type Layout = 'nchw' | 'flat';

interface Value {
  name: string;
  layout: Layout;
}

class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  private counter = 0;

  constructor(private readonly model: KerasModel) {}

  node(op: string, inputs: string[], attributes?: NodeSpec['attributes'], base = op): string {
    const output = `${base}_${this.counter++}`;
    this.nodes.push({ op, inputs, outputs: [output], name: output, ...(attributes ? { attributes } : {}) });
    return output;
  }

  constant(name: string, dims: number[], data: Float32Array): string {
    this.initializers.push(floatTensor(name, dims, data));
    return name;
  }

  int64s(name: string, values: number[]): string {
    this.initializers.push(int64Tensor(name, values));
    return name;
  }

  weight(layer: string, key: string): { shape: number[]; data: Float32Array } {
    const w = this.model.weights.get(`${layer}/${key}`);
    if (!w) throw new Error(`layer ${layer} has no weight ${key}`);
    return w;
  }
}

function pair(value: unknown, fallback: number): [number, number] {
  if (Array.isArray(value)) return [Number(value[0]), Number(value[1] ?? value[0])];
  if (typeof value === 'number') return [value, value];
  return [fallback, fallback];
}

function checkChannelsLast(layer: KerasLayer): void {
  const format = layer.config.data_format;
  if (format !== undefined && format !== 'channels_last') {
    throw new Error(`layer ${layer.name}: data_format ${String(format)} is not supported`);
  }
}

/** Keras `same` padding pads more at the end when the total is odd, which is ONNX's SAME_UPPER. */
function convPadding(layer: KerasLayer): NodeSpec['attributes'] {
  const padding = layer.config.padding;
  if (padding === 'same') return { auto_pad: 'SAME_UPPER' };
  if (padding === 'valid' || padding === undefined) return { pads: [0, 0, 0, 0] };
  throw new Error(`layer ${layer.name}: padding ${String(padding)} is not supported`);
}

function activation(g: GraphBuilder, input: string, kind: unknown, layerName: string): string {
  switch (kind ?? 'linear') {
    case 'linear':
      return input;
    case 'relu':
      return g.node('Relu', [input]);
    case 'relu6':
      return clip(g, input, 0, 6, layerName);
    case 'sigmoid':
      return g.node('Sigmoid', [input]);
    case 'tanh':
      return g.node('Tanh', [input]);
    case 'softmax':
      return g.node('Softmax', [input], { axis: -1 });
    default:
      throw new Error(`layer ${layerName}: activation ${String(kind)} is not supported`);
  }
}

function clip(g: GraphBuilder, input: string, min: number, max: number, layerName: string): string {
  const lo = g.constant(`${layerName}/clip_min`, [], Float32Array.of(min));
  const hi = g.constant(`${layerName}/clip_max`, [], Float32Array.of(max));
  return g.node('Clip', [input, lo, hi]);
}

/** Keras kernel [kh, kw, in, out] → ONNX weight [out, in, kh, kw]. */
function convKernel(shape: number[], data: Float32Array): { dims: number[]; data: Float32Array } {
  const [kh, kw, cin, cout] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = data[((y * kw + x) * cin + i) * cout + o]!;
  return { dims: [cout, cin, kh, kw], data: out };
}

/** Depthwise kernel [kh, kw, in, multiplier] → ONNX grouped weight [in·multiplier, 1, kh, kw]. */
function depthwiseKernel(shape: number[], data: Float32Array): { dims: number[]; data: Float32Array } {
  const [kh, kw, cin, mult] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let m = 0; m < mult; m++) out[((i * mult + m) * kh + y) * kw + x] = data[((y * kw + x) * cin + i) * mult + m]!;
  return { dims: [cin * mult, 1, kh, kw], data: out };
}

function toFlat(g: GraphBuilder, value: Value): string {
  if (value.layout === 'flat') return value.name;
  // Back to NHWC first so the flattened order is the one Keras' Dense weights expect.
  const nhwc = g.node('Transpose', [value.name], { perm: [0, 2, 3, 1] });
  return g.node('Flatten', [nhwc], { axis: 1 });
}

function convolution(g: GraphBuilder, layer: KerasLayer, input: Value, depthwise: boolean): Value {
  checkChannelsLast(layer);
  const kernel = g.weight(layer.name, depthwise ? 'depthwise_kernel' : 'kernel');
  const w = depthwise ? depthwiseKernel(kernel.shape, kernel.data) : convKernel(kernel.shape, kernel.data);
  const inputs = [input.name, g.constant(`${layer.name}/W`, w.dims, w.data)];
  if (layer.config.use_bias) {
    const bias = g.weight(layer.name, 'bias');
    inputs.push(g.constant(`${layer.name}/B`, [bias.data.length], bias.data));
  }
  const attributes = {
    kernel_shape: [w.dims[2]!, w.dims[3]!],
    strides: pair(layer.config.strides, 1),
    dilations: pair(layer.config.dilation_rate, 1),
    group: depthwise ? kernel.shape[2]! : 1,
    ...convPadding(layer),
  };
  const conv = g.node('Conv', inputs, attributes, 'Conv');
  return { name: activation(g, conv, layer.config.activation, layer.name), layout: 'nchw' };
}

function batchNorm(g: GraphBuilder, layer: KerasLayer, input: Value): Value {
  const axis = Number(layer.config.axis ?? -1);
  if (input.layout === 'nchw' && axis !== -1 && axis !== 3) throw new Error(`layer ${layer.name}: axis ${axis} is not supported`);
  const mean = g.weight(layer.name, 'moving_mean').data;
  const channels = mean.length;
  const gamma = layer.config.scale === false ? new Float32Array(channels).fill(1) : g.weight(layer.name, 'gamma').data;
  const beta = layer.config.center === false ? new Float32Array(channels) : g.weight(layer.name, 'beta').data;
  const variance = g.weight(layer.name, 'moving_variance').data;
  const inputs = [
    input.name,
    g.constant(`${layer.name}/gamma`, [channels], gamma),
    g.constant(`${layer.name}/beta`, [channels], beta),
    g.constant(`${layer.name}/mean`, [channels], mean),
    g.constant(`${layer.name}/variance`, [channels], variance),
  ];
  const epsilon = Number(layer.config.epsilon ?? 1e-3);
  return { name: g.node('BatchNormalization', inputs, { epsilon: { float: epsilon } }), layout: input.layout };
}

function relu(g: GraphBuilder, layer: KerasLayer, input: Value): Value {
  const slope = Number(layer.config.negative_slope ?? 0);
  const threshold = Number(layer.config.threshold ?? 0);
  if (slope !== 0 || threshold !== 0) throw new Error(`layer ${layer.name}: ReLU with a slope or threshold is not supported`);
  const max = layer.config.max_value;
  const name = max === null || max === undefined ? g.node('Relu', [input.name]) : clip(g, input.name, 0, Number(max), layer.name);
  return { name, layout: input.layout };
}

function pooling(g: GraphBuilder, layer: KerasLayer, input: Value, op: 'AveragePool' | 'MaxPool'): Value {
  checkChannelsLast(layer);
  const size = pair(layer.config.pool_size, 2);
  const attributes = { kernel_shape: size, strides: pair(layer.config.strides ?? layer.config.pool_size, 2), ...convPadding(layer) };
  return { name: g.node(op, [input.name], attributes), layout: 'nchw' };
}

function zeroPadding(g: GraphBuilder, layer: KerasLayer, input: Value): Value {
  checkChannelsLast(layer);
  const p = layer.config.padding;
  // Keras writes ((top, bottom), (left, right)), (vertical, horizontal) or one number.
  const sides = Array.isArray(p) ? (p as unknown[]) : [p, p];
  const [top, bottom] = pair(sides[0], 0);
  const [left, right] = pair(sides[1] ?? sides[0], 0);
  const pads = g.int64s(`${layer.name}/pads`, [0, 0, top, left, 0, 0, bottom, right]);
  return { name: g.node('Pad', [input.name, pads], { mode: 'constant' }), layout: 'nchw' };
}

function dense(g: GraphBuilder, layer: KerasLayer, input: Value): Value {
  const kernel = g.weight(layer.name, 'kernel');
  const inputs = [toFlat(g, input), g.constant(`${layer.name}/W`, kernel.shape, kernel.data)];
  if (layer.config.use_bias !== false) {
    const bias = g.weight(layer.name, 'bias');
    inputs.push(g.constant(`${layer.name}/B`, [bias.data.length], bias.data));
  }
  const gemm = g.node('Gemm', inputs, undefined, 'Gemm');
  return { name: activation(g, gemm, layer.config.activation, layer.name), layout: 'flat' };
}

function convertLayer(g: GraphBuilder, layer: KerasLayer, inputs: Value[]): Value {
  const [first] = inputs;
  if (!first) throw new Error(`layer ${layer.name} has no input`);
  switch (layer.className) {
    case 'ZeroPadding2D':
      return zeroPadding(g, layer, first);
    case 'Conv2D':
      return convolution(g, layer, first, false);
    case 'DepthwiseConv2D':
      if (Number(layer.config.depth_multiplier ?? 1) < 1) throw new Error(`layer ${layer.name}: bad depth_multiplier`);
      return convolution(g, layer, first, true);
    case 'BatchNormalization':
      return batchNorm(g, layer, first);
    case 'ReLU':
      return relu(g, layer, first);
    case 'Activation':
      return { name: activation(g, first.name, layer.config.activation, layer.name), layout: first.layout };
    case 'Softmax':
      if (first.layout !== 'flat') throw new Error(`layer ${layer.name}: Softmax on feature maps is not supported`);
      return { name: g.node('Softmax', [first.name], { axis: -1 }), layout: 'flat' };
    case 'Add':
      return { name: inputs.slice(1).reduce((acc, v) => g.node('Add', [acc, v.name]), first.name), layout: first.layout };
    case 'Concatenate': {
      const axis = Number(layer.config.axis ?? -1);
      const onnxAxis = first.layout === 'nchw' ? (axis === -1 || axis === 3 ? 1 : axis === 1 ? 2 : 3) : 1;
      return { name: g.node('Concat', inputs.map((v) => v.name), { axis: onnxAxis }), layout: first.layout };
    }
    case 'AveragePooling2D':
      return pooling(g, layer, first, 'AveragePool');
    case 'MaxPooling2D':
      return pooling(g, layer, first, 'MaxPool');
    case 'GlobalAveragePooling2D':
      return { name: g.node('Flatten', [g.node('GlobalAveragePool', [first.name])], { axis: 1 }), layout: 'flat' };
    case 'Flatten':
      return { name: toFlat(g, first), layout: 'flat' };
    case 'Dense':
      return dense(g, layer, first);
    case 'Dropout':
      // Inference ignores dropout.
      return first;
    default:
      throw new Error(`layer ${layer.name}: Keras layer ${layer.className} is not supported by the converter`);
  }
}

function inputSize(layer: KerasLayer): { height: number; width: number; channels: number } {
  const shape = (layer.config.batch_input_shape ?? layer.config.batch_shape) as (number | null)[] | undefined;
  if (!shape || shape.length !== 4 || shape.slice(1).some((d) => typeof d !== 'number')) {
    throw new Error(`input layer ${layer.name} needs a fixed [batch, height, width, channels] shape`);
  }
  return { height: shape[1]!, width: shape[2]!, channels: shape[3]! };
}

export interface ConvertedModel {
  bytes: Uint8Array;
  input: { height: number; width: number; channels: number };
  classes: number;
}

export function kerasToOnnx(model: KerasModel, options: ConvertOptions): ConvertedModel {
  if (model.inputLayers.length !== 1 || model.outputLayers.length !== 1) {
    throw new Error('only models with one input and one output are supported');
  }
  const g = new GraphBuilder(model);
  const values = new Map<string, Value>();
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  const inputLayer = byName.get(model.inputLayers[0]!);
  if (!inputLayer) throw new Error(`input layer ${model.inputLayers[0]} is missing`);
  const size = inputSize(inputLayer);
  values.set(inputLayer.name, { name: g.node('Transpose', [options.inputName], { perm: [0, 3, 1, 2] }), layout: 'nchw' });

  // Keras lists layers in an order where every input precedes its consumers.
  for (const layer of model.layers) {
    if (layer === inputLayer) continue;
    if (layer.className === 'InputLayer') throw new Error('only models with one input are supported');
    const inputs = layer.inputs.map((name) => {
      const v = values.get(name);
      if (!v) throw new Error(`layer ${layer.name} reads ${name} before it is computed`);
      return v;
    });
    values.set(layer.name, convertLayer(g, layer, inputs));
  }
  const out = values.get(model.outputLayers[0]!);
  if (!out || out.layout !== 'flat') throw new Error('the output must be a vector of class scores');
  g.nodes.push({ op: 'Identity', inputs: [out.name], outputs: [options.outputName], name: 'output' });
  const last = model.layers.find((l) => l.name === model.outputLayers[0]);
  const classes = last ? Number(last.config.units ?? 0) : 0;

  const bytes = encodeModel({
    graphName: 'converted',
    producer: 'crs-keras-to-onnx',
    producerVersion: CONVERTER_VERSION,
    docString: options.docString,
    opset: OPSET,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [{ name: options.inputName, elemType: DataType.FLOAT, shape: ['N', size.height, size.width, size.channels] }],
    outputs: [{ name: options.outputName, elemType: DataType.FLOAT, shape: classes ? ['N', classes] : ['N', 'classes'] }],
  });
  return { bytes, input: size, classes };
}
