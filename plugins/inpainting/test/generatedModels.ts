import fs from 'node:fs';
import path from 'node:path';
import { DataType, encodeModel, floatTensor, type NodeSpec } from '@crs/core';

/** The grey the generated models paint into holes (0.25 of full scale in the float model). */
export const FLOAT_FILL = 0.25;
export const UINT8_FILL = 200;

const scalar = (name: string, v: number) => floatTensor(name, [], Float32Array.of(v));

/**
 * Writes two small ONNX inpainting models and their manifests under
 * `<dir>/inpainting/`, so the real loading, geometry and blending code runs
 * without a downloaded model. Each keeps known pixels and paints holes one
 * flat grey, which a test can check pixel by pixel:
 * - `fill-fixed`: LaMa-like, fixed 64×64, float 0–1 in and out, mask 1 = hole;
 * - `fill-any`: MI-GAN-like, any size, uint8 in and out, mask 0 = hole.
 */
export function writeGeneratedModels(dir: string): void {
  const folder = path.join(dir, 'inpainting');
  fs.mkdirSync(folder, { recursive: true });
  const common = { graphName: 'fill', producer: 'crs-tests', producerVersion: '1', docString: 'keeps known pixels, paints holes grey', opset: 13 };

  const fixedNodes: NodeSpec[] = [
    { op: 'Sub', inputs: ['one', 'mask'], outputs: ['keep'], name: 'keep' },
    { op: 'Mul', inputs: ['image', 'keep'], outputs: ['kept'], name: 'kept' },
    { op: 'Mul', inputs: ['mask', 'grey'], outputs: ['painted'], name: 'painted' },
    { op: 'Add', inputs: ['kept', 'painted'], outputs: ['output'], name: 'output' },
  ];
  fs.writeFileSync(
    path.join(folder, 'fill-fixed.onnx'),
    encodeModel({
      ...common,
      nodes: fixedNodes,
      initializers: [scalar('one', 1), scalar('grey', FLOAT_FILL)],
      inputs: [
        { name: 'image', elemType: DataType.FLOAT, shape: [1, 3, 64, 64] },
        { name: 'mask', elemType: DataType.FLOAT, shape: [1, 1, 64, 64] },
      ],
      outputs: [{ name: 'output', elemType: DataType.FLOAT, shape: [1, 3, 64, 64] }],
    }),
  );
  fs.writeFileSync(
    path.join(folder, 'fill-fixed.json'),
    JSON.stringify({ name: 'fill-fixed', file: 'inpainting/fill-fixed.onnx', inputs: { image: 'image', mask: 'mask' }, output: 'output', size: 64, dtype: 'float32', imageRange: [0, 1], mask: { fill: 1, keep: 0 }, outputRange: [0, 1] }),
  );

  const anyNodes: NodeSpec[] = [
    { op: 'Cast', inputs: ['image'], outputs: ['imageF'], name: 'imageF', attributes: { to: DataType.FLOAT } },
    { op: 'Cast', inputs: ['mask'], outputs: ['maskF'], name: 'maskF', attributes: { to: DataType.FLOAT } },
    { op: 'Div', inputs: ['maskF', 'full'], outputs: ['keep'], name: 'keep' },
    { op: 'Sub', inputs: ['one', 'keep'], outputs: ['hole'], name: 'hole' },
    { op: 'Mul', inputs: ['imageF', 'keep'], outputs: ['kept'], name: 'kept' },
    { op: 'Mul', inputs: ['hole', 'grey'], outputs: ['painted'], name: 'painted' },
    { op: 'Add', inputs: ['kept', 'painted'], outputs: ['sum'], name: 'sum' },
    { op: 'Cast', inputs: ['sum'], outputs: ['result'], name: 'result', attributes: { to: DataType.UINT8 } },
  ];
  fs.writeFileSync(
    path.join(folder, 'fill-any.onnx'),
    encodeModel({
      ...common,
      nodes: anyNodes,
      initializers: [scalar('one', 1), scalar('full', 255), scalar('grey', UINT8_FILL)],
      inputs: [
        { name: 'image', elemType: DataType.UINT8, shape: [1, 3, 'height', 'width'] },
        { name: 'mask', elemType: DataType.UINT8, shape: [1, 1, 'height', 'width'] },
      ],
      outputs: [{ name: 'result', elemType: DataType.UINT8, shape: [1, 3, 'height', 'width'] }],
    }),
  );
  fs.writeFileSync(
    path.join(folder, 'fill-any.json'),
    JSON.stringify({ name: 'fill-any', file: 'inpainting/fill-any.onnx', size: null, multipleOf: 8, maxSide: 256, dtype: 'uint8', imageRange: [0, 255], mask: { fill: 0, keep: 255 }, outputRange: [0, 255] }),
  );
}
