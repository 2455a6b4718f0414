import type { z } from 'zod';
import {
  InvalidRequestError,
  InvalidTextError,
  TextEmptyError,
  TextTooLongError,
  UnknownTaskError,
  type AppError,
} from '../errors/index.js';
import type { TaskDefinition } from './defineTask.js';
import { audioModerate } from './audioModerate.js';
import { audioTranscribe } from './audioTranscribe.js';
import { faceCompare } from './faceCompare.js';
import { faceDetect } from './faceDetect.js';
import { faceEmbed } from './faceEmbed.js';
import { faceEnroll } from './faceEnroll.js';
import { faceLiveness } from './faceLiveness.js';
import { faceSearch } from './faceSearch.js';
import { faceWatch } from './faceWatch.js';
import { imageInpaint } from './imageInpaint.js';
import { imageModerate } from './imageModerate.js';
import { imageOcr } from './imageOcr.js';
import { imageRestore } from './imageRestore.js';
import { textClassifierTrain } from './textClassifierTrain.js';
import { textModerate } from './textModerate.js';
import { videoModerate } from './videoModerate.js';
import { unknownFields } from './unknownFields.js';

export * from './audioModerate.js';
export * from './audioTranscribe.js';
export * from './defineTask.js';
export * from './faceCommon.js';
export * from './faceCompare.js';
export * from './faceDetect.js';
export * from './faceEmbed.js';
export * from './faceEnroll.js';
export * from './faceLiveness.js';
export * from './faceSearch.js';
export * from './faceWatch.js';
export * from './imageInpaint.js';
export * from './imageModerate.js';
export * from './imageOcr.js';
export * from './imageRestore.js';
export * from './moderation.js';
export * from './text.js';
export * from './textClassifierTrain.js';
export * from './textModerate.js';
export * from './videoModerate.js';
export * from './unknownFields.js';

/**
 * The job catalog: every task the service knows. The API validates against it,
 * the worker checks its plugins against it and the OpenAPI document is built
 * from it, so a task's shape is stated here and nowhere else.
 */
export const catalog = {
  'text.moderate': textModerate,
  'text.classifier.train': textClassifierTrain,
  'image.moderate': imageModerate,
  'image.ocr': imageOcr,
  'image.inpaint': imageInpaint,
  'image.restore': imageRestore,
  'video.moderate': videoModerate,
  'audio.moderate': audioModerate,
  'audio.transcribe': audioTranscribe,
  'face.detect': faceDetect,
  'face.embed': faceEmbed,
  'face.compare': faceCompare,
  'face.search': faceSearch,
  'face.liveness': faceLiveness,
  'face.enroll': faceEnroll,
  'face.watch': faceWatch,
} as const satisfies Record<string, TaskDefinition>;

export type Catalog = typeof catalog;
export type TaskName = keyof Catalog;
export type TaskInput<T extends TaskName> = z.infer<Catalog[T]['input']>;
export type TaskOutput<T extends TaskName> = z.infer<Catalog[T]['output']>;

export const TASK_NAMES = Object.keys(catalog) as TaskName[];

export function isTaskName(name: unknown): name is TaskName {
  return typeof name === 'string' && Object.hasOwn(catalog, name);
}

export function getTask(name: unknown): Catalog[TaskName] {
  if (!isTaskName(name)) {
    throw new UnknownTaskError(`unknown task ${JSON.stringify(name)}; known tasks: ${TASK_NAMES.join(', ')}`, {
      details: { tasks: TASK_NAMES },
    });
  }
  return catalog[name];
}

/** Maps an issue's `params.code` to the specific error a caller should see instead of a generic 400. */
const SPECIFIC_ERRORS: Record<string, new (message: string) => AppError> = {
  text_too_long: TextTooLongError,
  text_empty: TextEmptyError,
  invalid_text: InvalidTextError,
};

/**
 * Validates `value` against `schema`, throwing a typed error whose message names
 * the failing field so the caller knows what to fix.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  for (const issue of parsed.error.issues) {
    const code = issue.code === 'custom' ? (issue.params as { code?: string } | undefined)?.code : undefined;
    const Specific = code ? SPECIFIC_ERRORS[code] : undefined;
    if (Specific) throw new Specific(summary);
  }
  throw new InvalidRequestError(summary, { details: { issues } });
}

export function parseTaskInput<T extends TaskName>(task: T, input: unknown): TaskInput<T> {
  return parseWith(catalog[task].input, input, 'input') as TaskInput<T>;
}

/**
 * `parseWith` for what a caller sent: a field the schema does not declare is
 * refused (naming it and the field it most likely meant) instead of being
 * dropped, so a misspelled option never passes as if it had not been sent.
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const strangers = unknownFields(schema, value, where);
  if (strangers.length > 0) {
    const message = strangers
      .map((f) => `${f.path} is not a known field${f.suggestion ? `; did you mean "${f.suggestion}"?` : ''}`)
      .join('; ');
    throw new InvalidRequestError(message, { details: { unknownFields: strangers } });
  }
  return parseWith(schema, value, where);
}

export function parseTaskRequest<T extends TaskName>(task: T, input: unknown): TaskInput<T> {
  return parseRequest(catalog[task].input, input, 'input') as TaskInput<T>;
}
