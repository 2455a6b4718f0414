#!/usr/bin/env node
// Installs the README's worked example of an operator classifier (a tiny "red flag" model and its
// description) into a models directory: the one given, else DATA_DIR/models (./.data/models).
// Restart the workers, then send "classifiers": ["red-flags"] with image.moderate.
import path from 'node:path';
import { writeExampleClassifier } from '../testdata/exampleClassifier.mjs';

const dir = path.resolve(process.argv[2] ?? path.join(process.env.DATA_DIR ?? '.data', 'models'));
const { model, description } = writeExampleClassifier(dir);
console.log(`wrote ${model}\nwrote ${description}`);
