import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CONVERTER_VERSION, kerasToOnnx } from './kerasToOnnx.js';
import type { TfjsModelSource } from './nsfwjsSource.js';
import { readTfjsLayersModel } from './tfjsLayersModel.js';

export interface ConversionOptions {
  /** Where the ONNX file is written, e.g. `<models>/nsfw/nsfwjs_mobilenet_v2.onnx`. */
  file: string;
  inputName: string;
  outputName: string;
  source: () => Promise<TfjsModelSource>;
}

interface Stamp {
  source: string;
  converter: string;
}

async function readStamp(file: string): Promise<Stamp | null> {
  try {
    return JSON.parse(await fs.readFile(`${file}.source.json`, 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

/**
 * Returns the path of the converted model, converting it first when the cache is
 * missing or was made from another source or converter version. Files are
 * written under a temporary name and renamed, so several workers starting at
 * once on a shared models directory never read half a file.
 */
export async function ensureConvertedModel(options: ConversionOptions): Promise<{ file: string; converted: boolean }> {
  const source = await options.source();
  const stamp = await readStamp(options.file);
  const present = await fs.stat(options.file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (present && stamp?.source === source.sha256 && stamp.converter === CONVERTER_VERSION) {
    return { file: options.file, converted: false };
  }
  const model = readTfjsLayersModel(source.json, source.shards);
  const { bytes } = kerasToOnnx(model, {
    inputName: options.inputName,
    outputName: options.outputName,
    docString: `converted from a TensorFlow.js layers model (source sha256 ${source.sha256})`,
  });
  await fs.mkdir(path.dirname(options.file), { recursive: true });
  const tmp = `${options.file}.${randomUUID()}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, options.file);
  const next: Stamp = { source: source.sha256, converter: CONVERTER_VERSION };
  const stampTmp = `${options.file}.${randomUUID()}.tmp`;
  await fs.writeFile(stampTmp, JSON.stringify(next));
  await fs.rename(stampTmp, `${options.file}.source.json`);
  return { file: options.file, converted: true };
}
