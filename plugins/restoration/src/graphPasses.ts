import { DataType, type ModelSpec, type NodeSpec, type TensorSpec } from '@crs/core';

/** Border context the model made for itself with a Pad on its input, now the tiler's job. */
export interface HoistedPad {
  /** Pixels on each side. */
  pad: number;
  mode: 'reflect' | 'edge';
}

export interface PassReport {
  /** Set when the input's Pad was removed: tiles then carry that much real context, mirrored only at the image's borders. */
  hoistedPad: HoistedPad | null;
}

const initializer = (spec: ModelSpec, name: string) => spec.initializers.find((t) => t.name === name);

function int64s(t: TensorSpec): number[] {
  const view = new BigInt64Array(t.raw.buffer.slice(t.raw.byteOffset, t.raw.byteOffset + t.raw.byteLength) as ArrayBuffer);
  return [...view].map(Number);
}

/** Weights no node reads any more are left out of the file. */
function dropUnused(spec: ModelSpec): void {
  const used = new Set(spec.nodes.flatMap((n) => n.inputs));
  (spec as unknown as { initializers: TensorSpec[] }).initializers = spec.initializers.filter((t) => used.has(t.name));
}

/**
 * A Pad of the same size on all four sides of the input, in reflect or edge
 * mode, is dropped: the model then runs valid convolutions on exactly the
 * context a tile brings. With the Pad in place every tile pays for its own
 * border twice, once as the tiler's context and once as the model's padding
 * (waifu2x: 7 px of reflection on each side of every tile).
 */
function hoistInputPad(spec: ModelSpec): HoistedPad | null {
  const input = spec.inputs[0]?.name;
  const users = spec.nodes.filter((n) => n.inputs.includes(input ?? '\u0000'));
  const pad = users[0];
  if (users.length !== 1 || pad?.op !== 'Pad' || pad.inputs[0] !== input) return null;
  const mode = pad.attributes?.mode;
  if (mode !== 'reflect' && mode !== 'edge') return null;
  const pads = pad.inputs[1] ? initializer(spec, pad.inputs[1]) : undefined;
  if (!pads || pads.dataType !== DataType.INT64 || (pad.inputs[2] ?? '') !== '' || (pad.inputs[3] ?? '') !== '') return null;
  // [n0, c0, h0, w0, n1, c1, h1, w1]
  const [n0, c0, h0, w0, n1, c1, h1, w1] = int64s(pads);
  if (n0 || c0 || n1 || c1 || !h0 || h0 !== w0 || h0 !== h1 || h0 !== w1) return null;
  const out = pad.outputs[0]!;
  for (const n of spec.nodes) n.inputs.forEach((name, i) => name === out && ((n.inputs as string[])[i] = input!));
  (spec.nodes as NodeSpec[]).splice(spec.nodes.indexOf(pad), 1);
  return { pad: h0!, mode };
}

/**
 * The passes that pay on this machine's CPU (see README › Restoration, Speed);
 * applied to the decoded model in place. Measured and left out: float16
 * weights widened to float32 (onnxruntime already runs float16 convolutions
 * as float32 with casts only at the graph's ends: same CPU time), and
 * ConvTranspose rewritten as Conv + DepthToSpace to stay in the blocked layout
 * (the reorder it saves costs as much as the extra multiply-adds).
 */
export function runPasses(spec: ModelSpec): PassReport {
  const hoistedPad = hoistInputPad(spec);
  if (hoistedPad) dropUnused(spec);
  return { hoistedPad };
}
