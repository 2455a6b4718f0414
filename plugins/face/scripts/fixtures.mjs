// The face fixtures with what a person sees in them, for the evaluation, the bench and the tests.
import fs from 'node:fs';
import path from 'node:path';

/** The photos ship with the repository (see testdata/faces/README.md); the models with models/ at its root. */
export const FACES_DIR = path.resolve(import.meta.dirname, '../testdata/faces');

/** Approximate centre of every face a person counts in each photo (pixels of the upright image). */
export const FACE_CENTRES = {
  'group-or-portrait-1.jpg': [[215, 210], [368, 165], [566, 195], [755, 220], [235, 420], [428, 345], [636, 395], [898, 382]],
  'group-or-portrait-2.jpg': [[221, 282], [342, 230], [448, 302], [592, 281], [793, 313]],
  'group-or-portrait-3.jpg': [[351, 160], [604, 106], [218, 368], [484, 350], [694, 352]],
  'group-or-portrait-4.jpg': [[270, 165]],
  'live-T1.jpg': [[205, 235]],
  'spoof-print-F1.jpg': [[285, 230]],
  'spoof-screen-F2.jpg': [[250, 365]],
};

/** Single-image liveness: which photos show a live face and which a spoof. */
export const LIVENESS_TRUTH = { 'live-T1.jpg': true, 'spoof-print-F1.jpg': false, 'spoof-screen-F2.jpg': false };

/** These three may show one person, so they are never used as a different-person pair. */
export const MAYBE_SAME = new Set(Object.keys(LIVENESS_TRUTH));

export const read = (name) => fs.readFileSync(path.join(FACES_DIR, name));
