// `npm run models -- list | fetch <name> | import <file|dir|tarball> --as <name>`: the models in
// models/manifest.json. The small ones ship in models/; the large optional ones install into
// DATA_DIR/models, from their URL or from a copy brought in by hand, every file checked against
// its sha256 before anything is kept. Failures are one line, never a stack trace.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './lib/build.mjs';
import { expectedChecksums, locate, readManifest, sha256File, UsageError } from './lib/modelManifest.mjs';

const USAGE = `usage:
  npm run models -- list                                   what is installed, what is missing and the files each missing model needs
  npm run models -- fetch <name> [--sha256 HEX | --sha256 FILE=HEX ...] [--mirror URL]
                                                           download from the manifest's URL (or URL/<path> of a mirror)
  npm run models -- import <file|directory|tarball> --as <name> [--sha256 HEX | --sha256 FILE=HEX ...]
                                                           install a copy brought in by hand (no network)`;

const { values, positionals } = parseArgs({
  options: {
    as: { type: 'string' },
    sha256: { type: 'string', multiple: true, default: [] },
    mirror: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
});
const [command, arg] = positionals;
if (values.help || !['list', 'fetch', 'import'].includes(command)) {
  console.log(USAGE);
  process.exit(values.help || !command ? 0 : 2);
}

ensureBuilt();
const { loadConfig } = await import('../packages/core/dist/index.js');
const config = loadConfig();
const searched = [config.modelsDir, ...config.modelsExtraDirs];
const models = readManifest();
const installHint = (name) => `npm run models -- import <file|directory|tarball> --as ${name}`;

function modelNamed(name) {
  const model = models.find((m) => m.name === name);
  if (!model) throw new UsageError(`no model ${name ?? '(none given)'}; models: ${models.map((m) => m.name).join(', ')}`);
  return model;
}

async function list() {
  console.log(`model directories, searched in this order: ${searched.join(', ')}`);
  for (const model of models) {
    const files = locate(model, searched);
    const problems = [];
    for (const f of files) {
      if (!f.found) problems.push({ f, why: 'missing' });
      else if (f.sha256 && (await sha256File(f.found)) !== f.sha256) problems.push({ f, why: `damaged: ${f.found} does not have the manifest's sha256` });
    }
    const state = !problems.length ? 'installed' : problems.length === files.length && problems.every((p) => p.why === 'missing') ? 'missing' : 'incomplete';
    const where = problems.length ? '' : ` — in ${searched.find((d) => files[0].found.startsWith(d + path.sep))}`;
    console.log(`${model.name.padEnd(12)} ${state.padEnd(10)} ${model.description}${where}`);
    if (!problems.length) continue;
    for (const { f, why } of problems) {
      const size = f.bytes ? `, ${f.bytes} bytes` : '';
      const sum = f.sha256 ? `sha256 ${f.sha256}` : 'no published sha256: give --sha256';
      console.log(`${''.padEnd(13)}needs ${f.path} (${sum}${size})${why === 'missing' ? '' : ` — ${why}`}`);
      if (f.url) console.log(`${''.padEnd(13)}  from ${f.url}`);
    }
    if (model.archive) console.log(`${''.padEnd(13)}from ${model.archive.url} (sha256 ${model.archive.sha256}, ${model.archive.bytes} bytes), which holds them all`);
    console.log(`${''.padEnd(13)}install: npm run models -- fetch ${model.name}   or, offline: ${installHint(model.name)}`);
  }
}

/** Copies verified files into DATA_DIR/models, each under a temporary name first so nothing half-written is ever seen. */
function install(model, sources) {
  for (const { f, from } of sources) {
    const target = path.join(config.installedModelsDir, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    fs.copyFileSync(from, tmp);
    fs.renameSync(tmp, target);
  }
  console.log(`${model.name}: installed ${sources.map((s) => s.f.path).join(', ')} into ${config.installedModelsDir} (sha256 verified)`);
}

/** The file in `dir` that stands for a manifest entry: at its place in its archive, at its manifest path, at the top, or anywhere below by name. */
function findIn(dir, f) {
  // A model taken from a package tarball names its place in it (`member`): the same name may be there several times.
  const places = [...(f.member ? [path.join(dir, f.member)] : []), path.join(dir, f.path), path.join(dir, path.basename(f.path))];
  for (const candidate of places) if (fs.existsSync(candidate)) return candidate;
  const named = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === path.basename(f.path))
    .map((e) => path.join(e.parentPath, e.name));
  if (named.length > 1) throw new UsageError(`${dir} holds several files named ${path.basename(f.path)}: ${named.join(', ')}; import the one you mean`);
  return named[0] ?? null;
}

async function importModel(source) {
  if (!source) throw new UsageError(`import needs a file, directory or tarball; ${USAGE.split('\n')[3].trim()}`);
  const model = modelNamed(values.as);
  const files = expectedChecksums(model, values.sha256);
  if (!fs.existsSync(source)) throw new UsageError(`import ${model.name}: ${source} does not exist`);
  let dir = null;
  let cleanup = () => {};
  if (fs.statSync(source).isDirectory()) dir = source;
  else if (/\.(tar|tar\.gz|tgz|tar\.xz|tar\.bz2)$/i.test(source)) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-import-'));
    cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
    try {
      execFileSync('tar', ['-xf', source, '-C', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      cleanup();
      throw new UsageError(`import ${model.name}: could not unpack ${source} with tar (${String(err.stderr ?? err.message).trim().split('\n')[0]})`);
    }
  } else if (files.length > 1) {
    throw new UsageError(`import ${model.name}: it has ${files.length} files (${files.map((f) => path.basename(f.path)).join(', ')}); give a directory or tarball that holds them`);
  }
  try {
    const sources = files.map((f) => {
      const from = dir ? findIn(dir, f) : source;
      if (!from) throw new UsageError(`import ${model.name}: ${source} has no ${path.basename(f.path)} (needed as ${f.path}); nothing was installed`);
      return { f, from };
    });
    // Every file is checked before any is installed, so a bad one leaves no half-installed model.
    for (const { f, from } of sources) {
      const got = await sha256File(from);
      if (got !== f.sha256) {
        throw new UsageError(`import ${model.name}: refused: ${from} has sha256 ${got}, but ${f.path} must have ${f.sha256}; nothing was installed`);
      }
    }
    install(model, sources);
  } finally {
    cleanup();
  }
}

async function download(model, url, to) {
  let res;
  try {
    res = await fetch(url);
  } catch (err) {
    const cause = err.cause?.code ?? err.cause?.message ?? err.message;
    throw new UsageError(`fetch ${model.name}: could not reach ${url} (${cause}); without internet, copy the file in by other means and run: ${installHint(model.name)}`);
  }
  if (!res.ok) throw new UsageError(`fetch ${model.name}: ${url} answered ${res.status}; nothing was installed (or copy the file in and run: ${installHint(model.name)})`);
  fs.writeFileSync(to, Buffer.from(await res.arrayBuffer()));
}

/**
 * A model whose files come inside a package tarball (nsfwjs' models are only published in its npm
 * package): the tarball is checked against its sha256, unpacked, and each file taken from its place
 * in it is checked against its own before anything is installed.
 */
async function fromArchive(model, needed, tmpDir) {
  const { archive } = model;
  const name = path.basename(new URL(archive.url).pathname);
  const url = values.mirror ? new URL(name, values.mirror.endsWith('/') ? values.mirror : `${values.mirror}/`).href : archive.url;
  console.log(`${model.name}: downloading ${url}`);
  const file = path.join(tmpDir, name);
  await download(model, url, file);
  const got = await sha256File(file);
  if (got !== archive.sha256) throw new UsageError(`fetch ${model.name}: refused: ${url} gave a file with sha256 ${got}, but it must have ${archive.sha256}; nothing was installed`);
  const dir = path.join(tmpDir, 'unpacked');
  fs.mkdirSync(dir);
  execFileSync('tar', ['-xzf', file, '-C', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const sources = [];
  for (const f of needed) {
    const from = findIn(dir, f);
    if (!from || (await sha256File(from)) !== f.sha256) throw new UsageError(`fetch ${model.name}: ${name} has no ${f.member ?? f.path} with the manifest's sha256; nothing was installed`);
    sources.push({ f, from });
  }
  return sources;
}

async function fetchModel(name) {
  const model = modelNamed(name);
  const files = expectedChecksums(model, values.sha256);
  const present = locate({ ...model, files }, searched);
  const needed = [];
  for (const f of present) {
    if (f.found && (await sha256File(f.found)) === f.sha256) console.log(`${f.path}: already installed (${f.found})`);
    else needed.push(f);
  }
  if (!needed.length) return;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-fetch-'));
  try {
    if (model.archive) return install(model, await fromArchive(model, needed, tmpDir));
    const sources = [];
    for (const f of needed) {
      const url = values.mirror ? new URL(f.path, values.mirror.endsWith('/') ? values.mirror : `${values.mirror}/`).href : f.url;
      console.log(`${f.path}: downloading ${url}`);
      const from = path.join(tmpDir, path.basename(f.path));
      await download(model, url, from);
      const got = await sha256File(from);
      if (got !== f.sha256) throw new UsageError(`fetch ${model.name}: refused: ${url} gave a file with sha256 ${got}, but ${f.path} must have ${f.sha256}; nothing was installed`);
      sources.push({ f, from });
    }
    install(model, sources);
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

try {
  if (command === 'list') await list();
  else if (command === 'fetch') await fetchModel(arg);
  else await importModel(arg);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(err.message);
  process.exit(1);
}
