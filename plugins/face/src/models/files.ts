/** Where each model is under the models directory, and the `npm run models -- fetch` name that installs it. */
export const FACE_FETCH_NAME = 'face';

export const DETECTOR_MODEL = 'face-detection/yunet_s_dynamic.onnx';

export interface LivenessModel {
  name: string;
  file: string;
  /** The detector box is scaled about its centre by this much before cropping (Silent-Face's "scale"). */
  scale: number;
  size: number;
  /** Index of the "real face" class in the model's logits. */
  realClass: number;
}

/** Silent-Face's pair: each sees a different amount of context around the face; their mean is the score. */
export const LIVENESS_MODELS: readonly LivenessModel[] = [
  { name: 'minifasnet-v2', file: 'face-antispoofing/2.7_80x80_MiniFASNetV2.onnx', scale: 2.7, size: 80, realClass: 1 },
  { name: 'minifasnet-v1se', file: 'face-antispoofing/4_0_0_80x80_MiniFASNetV1SE.onnx', scale: 4.0, size: 80, realClass: 1 },
];
