import { concatBytes } from '@crs/core';

/**
 * Reads a TensorFlow.js layers model (the `model.json` topology and its weight
 * shards) into plain layers with float32 weights, the form the ONNX writer needs.
 */
export interface KerasLayer {
  className: string;
  name: string;
  config: Record<string, unknown>;
  /** Names of the layers feeding this one, in order. */
  inputs: string[];
}

export interface KerasModel {
  layers: KerasLayer[];
  inputLayers: string[];
  outputLayers: string[];
  weights: Map<string, { shape: number[]; data: Float32Array }>;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min?: number; scale?: number };
}

export interface TfjsModelJson {
  modelTopology: { model_config?: RawModelConfig; config?: unknown } & Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

interface RawLayer {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name?: string };
  inbound_nodes?: unknown[];
}

interface RawModelConfig {
  class_name: string;
  config: { layers: RawLayer[]; input_layers?: unknown[][]; output_layers?: unknown[][] } | RawLayer[];
}

function inboundNames(raw: RawLayer): string[] {
  const nodes = raw.inbound_nodes ?? [];
  if (nodes.length > 1) throw new Error(`layer ${raw.name} is shared between several calls, which the converter does not support`);
  const first = nodes[0] as unknown[] | undefined;
  return (first ?? []).map((entry) => String((entry as unknown[])[0]));
}

function readLayers(modelConfig: RawModelConfig): Pick<KerasModel, 'layers' | 'inputLayers' | 'outputLayers'> {
  const cfg = modelConfig.config;
  const rawLayers = Array.isArray(cfg) ? cfg : cfg.layers;
  if (modelConfig.class_name === 'Sequential') {
    // A Sequential model chains its layers; its input comes from the first layer's batch_input_shape.
    const layers: KerasLayer[] = [];
    let previous = 'input';
    const first = rawLayers[0];
    const inputShape = first?.config.batch_input_shape;
    layers.push({ className: 'InputLayer', name: previous, config: { batch_input_shape: inputShape }, inputs: [] });
    for (const raw of rawLayers) {
      if (raw.class_name === 'InputLayer') continue;
      const name = String(raw.config.name ?? raw.name);
      layers.push({ className: raw.class_name, name, config: raw.config, inputs: [previous] });
      previous = name;
    }
    return { layers, inputLayers: ['input'], outputLayers: [previous] };
  }
  if (Array.isArray(cfg)) throw new Error(`unsupported model class ${modelConfig.class_name}`);
  const layers = rawLayers.map((raw) => ({
    className: raw.class_name,
    name: String(raw.name ?? raw.config.name),
    config: raw.config,
    inputs: inboundNames(raw),
  }));
  return {
    layers,
    inputLayers: (cfg.input_layers ?? []).map((l) => String(l[0])),
    outputLayers: (cfg.output_layers ?? []).map((l) => String(l[0])),
  };
}

/** Dequantises the way tfjs-core's io.decodeWeights does: `q * scale + min`, stored as float32. */
function decodeWeights(specs: WeightSpec[], buffer: Uint8Array): KerasModel['weights'] {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const out: KerasModel['weights'] = new Map();
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name}: dtype ${spec.dtype} is not supported`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const q = spec.quantization;
    if (!q) {
      for (let i = 0; i < size; i++) data[i] = view.getFloat32(offset + i * 4, true);
      offset += size * 4;
    } else if (q.dtype === 'uint8' || q.dtype === 'uint16') {
      const bytes = q.dtype === 'uint8' ? 1 : 2;
      const scale = q.scale ?? 1;
      const min = q.min ?? 0;
      for (let i = 0; i < size; i++) {
        const v = bytes === 1 ? view.getUint8(offset + i) : view.getUint16(offset + i * 2, true);
        data[i] = v * scale + min;
      }
      offset += size * bytes;
    } else {
      throw new Error(`weight ${spec.name}: quantization ${q.dtype} is not supported`);
    }
    out.set(spec.name, { shape: spec.shape, data });
  }
  if (offset !== buffer.length) throw new Error(`weights hold ${buffer.length} bytes but the manifest describes ${offset}`);
  return out;
}

/** `shards` are the weight files in manifest order, already read. */
export function readTfjsLayersModel(json: TfjsModelJson, shards: Uint8Array[]): KerasModel {
  const modelConfig = (json.modelTopology.model_config ?? json.modelTopology) as RawModelConfig;
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  return { ...readLayers(modelConfig), weights: decodeWeights(specs, concatBytes(shards)) };
}
