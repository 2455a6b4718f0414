export * from './base64.js';
export * from './fetchMedia.js';
export * from './ffmpeg.js';
export * from './intake.js';
export * from './kinds.js';
export * from './readMedia.js';
export * from './sniff.js';
