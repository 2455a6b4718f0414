import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface BinaryLocation {
  path: string;
  /** Where it was found: `FFMPEG_PATH`, `ffmpeg-static`, `@ffmpeg-installer/ffmpeg`, `PATH`… */
  source: string;
}

export interface FfmpegLocation {
  ffmpeg: BinaryLocation;
  ffprobe: BinaryLocation;
}

const require = createRequire(import.meta.url);

function executable(file: string | null | undefined): file is string {
  if (!file) return false;
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** An optional package that exports a binary's path (as the default export or `.path`); null when not installed. */
function fromPackage(name: string): string | null {
  try {
    const mod = require(name) as string | { path?: string; default?: string };
    return typeof mod === 'string' ? mod : (mod.path ?? mod.default ?? null);
  } catch {
    return null;
  }
}

/** The first executable file named `binary` in the directories of `PATH`; null when there is none. */
export function findOnPath(binary: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, binary))) return path.join(dir, binary);
  }
  return null;
}

function locate(binary: 'ffmpeg' | 'ffprobe', env: NodeJS.ProcessEnv): BinaryLocation | null {
  const variable = binary === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
  const candidates: [string, () => string | null][] = [
    [variable, () => env[variable] ?? null],
    // The system's ffmpeg (apt-get install ffmpeg) before the npm-packaged ones: the distribution keeps
    // it patched, while @ffmpeg-installer ships a static GPLv3 build from 2018.
    ['PATH', () => findOnPath(binary, env)],
    // ffmpeg-static downloads its binary at install time, which fails offline; then it is simply absent.
    ...(binary === 'ffmpeg'
      ? ([
          ['ffmpeg-static', () => fromPackage('ffmpeg-static')],
          ['@ffmpeg-installer/ffmpeg', () => fromPackage('@ffmpeg-installer/ffmpeg')],
        ] as [string, () => string | null][])
      : ([['@ffprobe-installer/ffprobe', () => fromPackage('@ffprobe-installer/ffprobe')]] as [string, () => string | null][])),
  ];
  for (const [source, find] of candidates) {
    const found = find();
    if (executable(found)) return { path: found, source };
  }
  return null;
}

/**
 * ffmpeg and ffprobe, each from the first place that has a usable binary:
 * FFMPEG_PATH/FFPROBE_PATH, then PATH (the system's), then ffmpeg-static and
 * @ffmpeg-installer/@ffprobe-installer (binaries inside npm packages, the
 * fallback). Null when either is missing.
 */
export function locateFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegLocation | null {
  const ffmpeg = locate('ffmpeg', env);
  const ffprobe = locate('ffprobe', env);
  return ffmpeg && ffprobe ? { ffmpeg, ffprobe } : null;
}
