// `npm run models -- list | fetch <name>`: model files that are not shipped inside npm packages.
// Nothing downloads unless this is run; every file is checked against its sha256 before it is kept.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt } from './lib/build.mjs';

const MODELS = {
  lama: {
    description: 'LaMa (big-lama, Carve ONNX export, 208 MB) for image.inpaint engine "lama"',
    files: [
      {
        path: 'inpainting/lama_fp32.onnx',
        url: 'https://huggingface.co/Carve/LaMa-ONNX/resolve/main/lama_fp32.onnx',
        sha256: '1faef5301d78db7dda502fe59966957ec4b79dd64e16f03ed96913c7a4eb68d6',
      },
    ],
  },
  migan: {
    description: 'MI-GAN pipeline v2 ONNX (27 MB) for image.inpaint engine "migan"; give --sha256 of the file you trust',
    files: [
      {
        path: 'inpainting/migan_pipeline_v2.onnx',
        url: 'https://huggingface.co/andraniksargsyan/migan/resolve/main/migan_pipeline_v2.onnx',
        // No checksum is published for this file; the operator supplies the one they verified.
        sha256: null,
      },
    ],
  },
  face: {
    description: 'YuNet detection, MobileFaceNet embeddings, Silent-Face MiniFASNet V2 + V1SE liveness (face.*)',
    files: [
      {
        path: 'face-detection/yunet_s_dynamic.onnx',
        url: 'https://github.com/ShiqiYu/libfacedetection.train/raw/0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/yunet_s_dynamic.onnx',
        sha256: 'daede24002cc8590f457998cc5e6c9e8b82f45f6bd969506a8913cd4ed10a2d3',
      },
      {
        path: 'face-recognition/MobileFaceNet.onnx',
        url: 'https://github.com/foamliu/MobileFaceNet/raw/a6cc9032a659b615f477833e1a70b5e7931bcccc/weights/MobileFaceNet.onnx',
        sha256: 'b7120c095d60094f28a4a54ba6a8bf51b297a6273fb40ef6350dfec1f63d9507',
      },
      {
        path: 'face-antispoofing/2.7_80x80_MiniFASNetV2.onnx',
        url: 'https://github.com/marcos4758/Silent-Face-Anti-Spoofing-Tests/raw/1557f99a6ca5d485763cc42d42b614a72a3ede7c/resources/anti_spoof_models/2.7_80x80_MiniFASNetV2.onnx',
        sha256: '4433e871ef03f6c4c13de1757e63dcd69db14b6d7d9cff2319cb274c0f6dbecb',
      },
      {
        path: 'face-antispoofing/4_0_0_80x80_MiniFASNetV1SE.onnx',
        url: 'https://github.com/marcos4758/Silent-Face-Anti-Spoofing-Tests/raw/1557f99a6ca5d485763cc42d42b614a72a3ede7c/resources/anti_spoof_models/4_0_0_80x80_MiniFASNetV1SE.onnx',
        sha256: 'a8e67ffbaf39fa74c3b2ed673b530fcfb2f47379d0f26a52b71c2fc6473ec20f',
      },
    ],
  },
  // Speech to text for audio.moderate (ASR_MODEL picks the directory under MODELS_DIR/asr). The
  // publisher pins no checksums outside Hugging Face's file pages (each LFS file shows its SHA256
  // there), so the operator passes the ones they verified: --sha256 model.int8.onnx=HEX --sha256 tokens.txt=HEX.
  sensevoice: {
    description: 'SenseVoice Small int8 (zh/en/ja/ko/yue, 229 MB) for sherpa-onnx; give --sha256 FILE=HEX for both files',
    files: ['model.int8.onnx', 'tokens.txt'].map((f) => ({
      path: `asr/sensevoice/${f}`,
      url: `https://huggingface.co/csukuangfj/sherpa-onnx-sense-voice-zh-en-ja-ko-yue-2024-07-17/resolve/main/${f}`,
      sha256: null,
    })),
  },
  paraformer: {
    description: 'Paraformer large int8 (zh with English words, 223 MB) for sherpa-onnx; give --sha256 FILE=HEX for both files',
    files: ['model.int8.onnx', 'tokens.txt'].map((f) => ({
      path: `asr/paraformer/${f}`,
      url: `https://huggingface.co/csukuangfj/sherpa-onnx-paraformer-zh-2023-03-28/resolve/fe3e2bbfa0a0d3789b653c4b6cf3f87a5dbf2b94/${f}`,
      sha256: null,
    })),
  },
  vad: {
    description: 'Silero VAD v6 (voice activity detection for audio.moderate)',
    files: [
      {
        path: 'speech-vad/silero_vad.onnx',
        url: 'https://github.com/snakers4/silero-vad/raw/806dcba3f0b5d95282d0889a074954a2f8c6397b/src/silero_vad/data/silero_vad.onnx',
        sha256: '1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3',
      },
    ],
  },
};

const [command, name, ...rest] = process.argv.slice(2);
// `--sha256 HEX` for a model of one file, `--sha256 FILE=HEX` (repeated) for a model of several.
const given = rest.flatMap((arg, i) => (rest[i - 1] === '--sha256' ? [arg] : []));
const givenSha = (file) => {
  const named = given.find((g) => g.startsWith(`${path.basename(file)}=`));
  return named ? named.slice(named.indexOf('=') + 1) : given.length === 1 && !given[0].includes('=') ? given[0] : undefined;
};
ensureBuilt();
const { loadConfig } = await import('../packages/core/dist/index.js');
const config = loadConfig();
const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

if (command === 'list') {
  for (const [key, model] of Object.entries(MODELS)) {
    const installed = model.files.every((f) => fs.existsSync(path.join(config.modelsDir, f.path)));
    console.log(`${key.padEnd(10)} ${installed ? 'installed' : 'missing  '}  ${model.description}`);
  }
} else if (command === 'fetch' && MODELS[name]) {
  // Every checksum is known before anything downloads, so a missing one leaves no half-installed model.
  const files = MODELS[name].files.map((entry) => ({ ...entry, sha256: entry.sha256 ?? givenSha(entry.path) }));
  for (const file of files) {
    if (!/^[0-9a-f]{64}$/.test(file.sha256 ?? '')) {
      const flag = files.length > 1 ? `--sha256 ${path.basename(file.path)}=<64 hex digits>` : '--sha256 <64 hex digits>';
      console.error(`${file.path}: no published sha256 is pinned for this file; run again with ${flag} of the file you verified (${file.url})`);
      process.exit(2);
    }
  }
  for (const file of files) {
    const target = path.join(config.modelsDir, file.path);
    if (fs.existsSync(target) && sha256(target) === file.sha256) {
      console.log(`${file.path}: already installed`);
      continue;
    }
    console.log(`${file.path}: downloading ${file.url}`);
    const res = await fetch(file.url);
    if (!res.ok) throw new Error(`${file.url} answered ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const got = createHash('sha256').update(bytes).digest('hex');
    if (got !== file.sha256) throw new Error(`${file.path}: sha256 ${got} does not match the expected ${file.sha256}; nothing was kept`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(`${target}.tmp`, bytes);
    fs.renameSync(`${target}.tmp`, target);
    console.log(`${file.path}: installed (sha256 verified)`);
  }
} else {
  console.log(`usage: npm run models -- list | fetch <${Object.keys(MODELS).join('|')}> [--sha256 HEX | --sha256 FILE=HEX ...]`);
  process.exit(command ? 2 : 0);
}
