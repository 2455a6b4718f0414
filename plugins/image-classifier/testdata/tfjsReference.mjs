// nsfwjs' MobileNetV2 run the way the nsfwjs package runs it (its NSFWJS.infer: pixels / 255, bilinear
// resize with aligned corners to 224 when needed, one batch, predict), on @tensorflow/tfjs in pure JS,
// from the TF.js model files shipped in models/. The converter test and the bench compare against it.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const NSFWJS_MODEL_JSON = path.resolve(import.meta.dirname, '../../../models/nsfw/mobilenet_v2/model.json');
const SIZE = 224;

export async function loadReference(modelJson = NSFWJS_MODEL_JSON) {
  await tf.setBackend('cpu');
  const json = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(path.dirname(modelJson), p)));
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
  return {
    /** Class probabilities in the model's order (Drawing, Hentai, Neutral, Porn, Sexy) for RGB pixels height × width × 3. */
    async classify(pixels, height, width) {
      const out = tf.tidy(() => {
        const image = tf.tensor3d(new Int32Array(pixels), [height, width, 3], 'int32');
        let x = image.toFloat().div(tf.scalar(255));
        if (height !== SIZE || width !== SIZE) x = tf.image.resizeBilinear(x, [SIZE, SIZE], true);
        return model.predict(x.reshape([1, SIZE, SIZE, 3]));
      });
      const values = Array.from(await out.data());
      out.dispose();
      return values;
    },
    dispose: () => model.dispose(),
  };
}
