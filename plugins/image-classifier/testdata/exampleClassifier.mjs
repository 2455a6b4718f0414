// The worked example of an operator's own classifier (README, "More classifiers without code"): a
// tiny ONNX model, written here from its weights, that scores how much of a picture is saturated red —
// a stand-in for the flag, symbol, weapon or gore detectors the project cannot ship — and the JSON
// description that plugs it into image.moderate with no code. Used by the test and by
// `node plugins/image-classifier/scripts/example-classifier.mjs <models dir>`.
import fs from 'node:fs';
import path from 'node:path';
import { DataType, encodeModel, floatTensor } from '@crs/core';

export const EXAMPLE_SIDE = 64;

/** The description an operator writes, as the README shows it. */
export const EXAMPLE_DESCRIPTOR = {
  name: 'red-flags',
  model: 'red-flags/model.onnx',
  labels: ['other', 'red_flag'],
  input: { name: 'image', width: EXAMPLE_SIDE, height: EXAMPLE_SIDE, layout: 'nchw', colorOrder: 'rgb', mean: [0, 0, 0], std: [255, 255, 255], resize: 'fill' },
  output: { name: 'logits', activation: 'softmax' },
  categories: { politics: { red_flag: 1 } },
  thresholds: { politics: { review: 0.5, block: 0.9 } },
  enabledByDefault: false,
};

/**
 * ONNX: mean colour (GlobalAveragePool) → two logits (Gemm): `other` 0, `red_flag` 12·r − 6·g − 6·b − 2,
 * so a red field scores about 1 after the softmax the description asks for, grey 0.12, green 0.
 */
export function exampleModel() {
  return encodeModel({
    graphName: 'red_flags',
    producer: 'crs-example',
    producerVersion: '1',
    docString: 'mean colour → red_flag logit; the worked example of an operator classifier',
    opset: 13,
    nodes: [
      { op: 'GlobalAveragePool', inputs: ['image'], outputs: ['mean'], name: 'mean' },
      { op: 'Flatten', inputs: ['mean'], outputs: ['rgb'], name: 'rgb', attributes: { axis: 1 } },
      { op: 'Gemm', inputs: ['rgb', 'W', 'B'], outputs: ['logits'], name: 'logits' },
    ],
    initializers: [floatTensor('W', [3, 2], Float32Array.of(0, 12, 0, -6, 0, -6)), floatTensor('B', [2], Float32Array.of(0, -2))],
    inputs: [{ name: 'image', elemType: DataType.FLOAT, shape: ['N', 3, EXAMPLE_SIDE, EXAMPLE_SIDE] }],
    outputs: [{ name: 'logits', elemType: DataType.FLOAT, shape: ['N', 2] }],
  });
}

/** Writes the model and its description into a models directory (`DATA_DIR/models`, `MODELS_DIR` or one of `MODELS_EXTRA_DIRS`). */
export function writeExampleClassifier(modelsDir) {
  const model = path.join(modelsDir, EXAMPLE_DESCRIPTOR.model);
  const description = path.join(modelsDir, 'classifiers', `${EXAMPLE_DESCRIPTOR.name}.json`);
  fs.mkdirSync(path.dirname(model), { recursive: true });
  fs.mkdirSync(path.dirname(description), { recursive: true });
  fs.writeFileSync(model, exampleModel());
  fs.writeFileSync(description, `${JSON.stringify(EXAMPLE_DESCRIPTOR, null, 2)}\n`);
  return { model, description };
}
