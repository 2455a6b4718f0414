// `npm run models -- list | fetch <name>`: model files that are not shipped inside npm packages.
// Nothing downloads unless this is run; every file is checked against its sha256 before it is kept.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt } from './lib/build.mjs';

const MODELS = {
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

const [command, name] = process.argv.slice(2);
ensureBuilt();
const { loadConfig } = await import('../packages/core/dist/index.js');
const config = loadConfig();
const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

if (command === 'list') {
  for (const [key, model] of Object.entries(MODELS)) {
    const installed = model.files.every((f) => fs.existsSync(path.join(config.modelsDir, f.path)));
    console.log(`${key.padEnd(8)} ${installed ? 'installed' : 'missing  '}  ${model.description}`);
  }
} else if (command === 'fetch' && MODELS[name]) {
  for (const file of MODELS[name].files) {
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
  console.log(`usage: npm run models -- list | fetch <${Object.keys(MODELS).join('|')}>`);
  process.exit(command ? 2 : 0);
}
