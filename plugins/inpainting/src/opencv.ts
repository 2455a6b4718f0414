import { createRequire } from 'node:module';

/** The parts of OpenCV.js this plugin uses. */
export interface OpenCv {
  Mat: new (rows: number, cols: number, type: number) => CvMat;
  CV_8UC1: number;
  CV_8UC3: number;
  INPAINT_TELEA: number;
  INPAINT_NS: number;
  inpaint(src: CvMat, mask: CvMat, dst: CvMat, radius: number, flags: number): void;
}

export interface CvMat {
  data: Uint8Array;
  delete(): void;
}

type EmscriptenModule = OpenCv & { onRuntimeInitialized?: () => void; then?: unknown };

let loading: Promise<OpenCv> | null = null;

/**
 * OpenCV's WASM build, loaded once per thread on first use (about 0.4 s).
 * The package's UMD script exports an Emscripten module object that calls
 * `onRuntimeInitialized` when ready. That object also has a `then` of its own,
 * which makes a promise resolved with it wait forever; it is removed first.
 */
export function loadOpenCv(): Promise<OpenCv> {
  loading ??= new Promise<OpenCv>((resolve, reject) => {
    const exported = createRequire(import.meta.url)('@techstark/opencv-js') as EmscriptenModule | Promise<EmscriptenModule>;
    const settle = (cv: EmscriptenModule) => {
      delete cv.then;
      resolve(cv);
    };
    if (exported instanceof Promise) {
      exported.then(settle, reject);
    } else if (typeof exported.Mat === 'function') {
      settle(exported);
    } else {
      exported.onRuntimeInitialized = () => settle(exported);
    }
  });
  return loading;
}
