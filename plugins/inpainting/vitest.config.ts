import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.mjs';

// The raster worker thread runs the built JavaScript (a thread cannot load the TypeScript source), so it is built first.
export default mergeConfig(shared, { test: { globalSetup: ['./test/buildThreadScript.ts'] } });
