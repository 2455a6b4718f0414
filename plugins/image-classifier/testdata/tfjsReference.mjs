// nsfwjs' models run the way the nsfwjs package runs them (its NSFWJS.infer: pixels / 255, bilinear
// resize with aligned corners to the model's size when needed, one batch, predict), on @tensorflow/tfjs
// in pure JS: MobileNetV2 from the TF.js model files shipped in models/, or any TF.js layers model given
// as its JSON and weight shards (InceptionV3 at 299). The converter tests and the bench compare against it.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const NSFWJS_MODEL_JSON = path.resolve(import.meta.dirname, '../../../models/nsfw/mobilenet_v2/model.json');

/** MobileNetV2 from its model.json and shards. */
export async function loadReference(modelJson = NSFWJS_MODEL_JSON) {
  const json = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(path.dirname(modelJson), p)));
  return loadReferenceFrom({ json, shards }, 224);
}

/** A TF.js layers model from its JSON and weight shards (as the converter reads them), fed `size`×`size`. */
export async function loadReferenceFrom({ json, shards }, size) {
  await tf.setBackend('cpu');
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const all = Buffer.concat(shards.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength)));
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
  return {
    /** Class probabilities in the model's order (Drawing, Hentai, Neutral, Porn, Sexy) for RGB pixels height × width × 3. */
    async classify(pixels, height, width) {
      const out = tf.tidy(() => {
        const image = tf.tensor3d(new Int32Array(pixels), [height, width, 3], 'int32');
        let x = image.toFloat().div(tf.scalar(255));
        if (height !== size || width !== size) x = tf.image.resizeBilinear(x, [size, size], true);
        return model.predict(x.reshape([1, size, size, 3]));
      });
      const values = Array.from(await out.data());
      out.dispose();
      return values;
    },
    dispose: () => model.dispose(),
  };
}
