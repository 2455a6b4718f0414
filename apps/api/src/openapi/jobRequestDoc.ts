import { TASK_NAMES } from '@crs/core';
import { pascal } from '../registry/schemas.js';

/** `POST /v1/jobs`'s body as documented: one request shape per task, told apart by `task`. */
export const jobRequestBodyDoc = {
  oneOf: TASK_NAMES.map((task) => ({ $ref: `#/components/schemas/${pascal(task)}Request` })),
  discriminator: {
    propertyName: 'task',
    mapping: Object.fromEntries(TASK_NAMES.map((task) => [task, `#/components/schemas/${pascal(task)}Request`])),
  },
};
