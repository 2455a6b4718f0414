import type { ApiContext } from './context.js';
import { tenantAvailability } from './handlers/availability.js';
import { cancelJob } from './handlers/cancelJob.js';
import { createJob } from './handlers/createJob.js';
import { deleteJob } from './handlers/deleteJob.js';
import { deleteFile, downloadFile, uploadFile } from './handlers/files.js';
import { getJob } from './handlers/getJob.js';
import {
  addFace,
  createCollection,
  createSubject,
  deleteCollection,
  deleteFace,
  deleteSubject,
  getCollection,
  getFace,
  getFaceImage,
  getSubject,
  listCollections,
  listFaces,
  listSubjects,
} from './handlers/faceLibrary.js';
import { compareFacesNow, detectFacesNow, embedFacesNow, livenessNow, searchFacesNow } from './handlers/faceTasks.js';
import { listJobs } from './handlers/listJobs.js';
import { healthz, readyz } from './handlers/health.js';
import { createLexicon, deleteLexicon, getLexicon, listLexicons, updateLexicon } from './handlers/lexicons.js';
import { moderateText } from './handlers/moderateText.js';
import { getThresholds, putThresholds } from './handlers/thresholds.js';
import { webhookSecret } from './handlers/webhookSecret.js';
import type { Handler } from './http/types.js';

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** Needs `Authorization: Bearer <api key>`. */
  auth: boolean;
  handler: (ctx: ApiContext) => Handler;
}

/** Every API route in one table. */
export const routes: Route[] = [
  { method: 'get', path: '/healthz', auth: false, handler: healthz },
  { method: 'get', path: '/readyz', auth: false, handler: readyz },
  { method: 'post', path: '/v1/jobs', auth: true, handler: createJob },
  { method: 'get', path: '/v1/jobs', auth: true, handler: listJobs },
  { method: 'get', path: '/v1/jobs/:id', auth: true, handler: getJob },
  { method: 'delete', path: '/v1/jobs/:id', auth: true, handler: deleteJob },
  { method: 'post', path: '/v1/jobs/:id/cancel', auth: true, handler: cancelJob },
  { method: 'post', path: '/v1/text/moderate', auth: true, handler: moderateText },
  { method: 'get', path: '/v1/text/thresholds', auth: true, handler: getThresholds },
  { method: 'put', path: '/v1/text/thresholds', auth: true, handler: putThresholds },
  { method: 'get', path: '/v1/lexicons', auth: true, handler: listLexicons },
  { method: 'post', path: '/v1/lexicons', auth: true, handler: createLexicon },
  { method: 'get', path: '/v1/lexicons/:id', auth: true, handler: getLexicon },
  { method: 'patch', path: '/v1/lexicons/:id', auth: true, handler: updateLexicon },
  { method: 'delete', path: '/v1/lexicons/:id', auth: true, handler: deleteLexicon },
  { method: 'post', path: '/v1/files', auth: true, handler: uploadFile },
  { method: 'get', path: '/v1/files/:id', auth: true, handler: downloadFile },
  { method: 'delete', path: '/v1/files/:id', auth: true, handler: deleteFile },
  { method: 'post', path: '/v1/face/detect', auth: true, handler: detectFacesNow },
  { method: 'post', path: '/v1/face/embed', auth: true, handler: embedFacesNow },
  { method: 'post', path: '/v1/face/compare', auth: true, handler: compareFacesNow },
  { method: 'post', path: '/v1/face/search', auth: true, handler: searchFacesNow },
  { method: 'post', path: '/v1/face/liveness', auth: true, handler: livenessNow },
  { method: 'get', path: '/v1/face/collections', auth: true, handler: listCollections },
  { method: 'post', path: '/v1/face/collections', auth: true, handler: createCollection },
  { method: 'get', path: '/v1/face/collections/:c', auth: true, handler: getCollection },
  { method: 'delete', path: '/v1/face/collections/:c', auth: true, handler: deleteCollection },
  { method: 'get', path: '/v1/face/collections/:c/subjects', auth: true, handler: listSubjects },
  { method: 'post', path: '/v1/face/collections/:c/subjects', auth: true, handler: createSubject },
  { method: 'get', path: '/v1/face/collections/:c/subjects/:s', auth: true, handler: getSubject },
  { method: 'delete', path: '/v1/face/collections/:c/subjects/:s', auth: true, handler: deleteSubject },
  { method: 'get', path: '/v1/face/collections/:c/subjects/:s/faces', auth: true, handler: listFaces },
  { method: 'post', path: '/v1/face/collections/:c/subjects/:s/faces', auth: true, handler: addFace },
  { method: 'get', path: '/v1/face/collections/:c/subjects/:s/faces/:faceId', auth: true, handler: getFace },
  { method: 'get', path: '/v1/face/collections/:c/subjects/:s/faces/:faceId/image', auth: true, handler: getFaceImage },
  { method: 'delete', path: '/v1/face/collections/:c/subjects/:s/faces/:faceId', auth: true, handler: deleteFace },
  { method: 'get', path: '/v1/stats/availability', auth: true, handler: tenantAvailability },
  { method: 'get', path: '/v1/webhook-secret', auth: true, handler: webhookSecret },
];
