import fs from 'node:fs';
import path from 'node:path';
import { DataType, encodeModel, floatTensor } from '@crs/core';

/**
 * Writes `restoration/nearest-x2.onnx` and its manifest under `dir`: a real
 * ONNX model (Resize, nearest, 2×) that repeats each pixel, so tiling and
 * blending can be checked to the exact value, and an operator's way of adding
 * a model (a JSON manifest beside the file) is what loads it.
 */
export function writeNearestModel(dir: string, tile = { size: 48, padding: 4, overlap: 6 }): void {
  const folder = path.join(dir, 'restoration');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, 'nearest-x2.onnx'),
    encodeModel({
      graphName: 'nearest',
      producer: 'crs-tests',
      producerVersion: '1',
      docString: 'repeats every pixel 2×2',
      opset: 13,
      nodes: [{ op: 'Resize', inputs: ['image', '', 'scales'], outputs: ['bigger'], name: 'resize', attributes: { mode: 'nearest' } }],
      initializers: [floatTensor('scales', [4], Float32Array.of(1, 1, 2, 2))],
      inputs: [{ name: 'image', elemType: DataType.FLOAT, shape: [1, 3, 'height', 'width'] }],
      outputs: [{ name: 'bigger', elemType: DataType.FLOAT, shape: [1, 3, 'height2', 'width2'] }],
    }),
  );
  fs.writeFileSync(
    path.join(folder, 'nearest-x2.json'),
    JSON.stringify({ name: 'nearest-x2', file: 'restoration/nearest-x2.onnx', input: 'image', output: 'bigger', dtype: 'float32', colorOrder: 'bgr', inputRange: [-1, 1], outputRange: [-1, 1], scale: 2, tile }),
  );
}
