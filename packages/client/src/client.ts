import createClient, { type Client } from 'openapi-fetch';
import { CrsError } from './errors.js';
import type { Job, JobRequest, ListJobsQuery, paths, StoredFile } from './types.js';

export interface CrsClientOptions {
  /** The service's root, e.g. `https://crs.example.com`. */
  baseUrl: string;
  apiKey: string;
  /** A fetch of your own (a proxy agent, a test double); the global one by default. */
  fetch?: typeof fetch;
}

export interface WaitOptions {
  /** Seconds the service may hold the submit request (`Prefer: wait`, at most 60). */
  waitSeconds?: number;
  /** Between polls once the submit answered 202. */
  pollIntervalMs?: number;
  /** Stops waiting (the job goes on unless `cancelOnAbort`). */
  signal?: AbortSignal;
  /** Cancel the job on the service when `signal` aborts. */
  cancelOnAbort?: boolean;
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The typed client: `api` is openapi-fetch over the generated paths; the rest are the helpers a user needs. */
export class CrsClient {
  readonly api: Client<paths>;

  constructor(options: CrsClientOptions) {
    this.api = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/$/, ''),
      headers: { Authorization: `Bearer ${options.apiKey}` },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Uploads media (`POST /v1/files`); use the answer's `id` as `{ fileId }` in a job's input. */
  async uploadFile(file: Blob, filename = 'upload'): Promise<StoredFile> {
    const form = new FormData();
    form.append('file', file, filename);
    const { data, error, response } = await this.api.POST('/v1/files', { body: form as unknown as never, bodySerializer: (body) => body as unknown as FormData });
    if (error || !data) throw CrsError.from(response.status, error, response);
    return data;
  }

  /** Submits a job and answers when it is finished: held by the service first (`Prefer: wait`), then polled. */
  async submitAndWait(request: JobRequest, options: WaitOptions = {}): Promise<Job> {
    const { waitSeconds = 10, pollIntervalMs = 500, signal, cancelOnAbort = false } = options;
    const submitted = await this.api.POST('/v1/jobs', {
      body: request,
      headers: { Prefer: `wait=${Math.max(0, Math.min(60, Math.round(waitSeconds)))}` },
      ...(signal ? { signal } : {}),
    });
    if (submitted.error || !submitted.data) throw CrsError.from(submitted.response.status, submitted.error, submitted.response);
    // openapi-fetch reads tuples as arrays; the shape is the generated Job's.
    let job = submitted.data as Job;
    try {
      while (!TERMINAL.has(job.status)) {
        await sleep(pollIntervalMs, signal);
        job = await this.getJob(job.id, signal);
      }
      return job;
    } catch (err) {
      if (signal?.aborted && cancelOnAbort) await this.api.POST('/v1/jobs/{jobId}/cancel', { params: { path: { jobId: job.id } } });
      throw err;
    }
  }

  async getJob(jobId: string, signal?: AbortSignal): Promise<Job> {
    const { data, error, response } = await this.api.GET('/v1/jobs/{jobId}', { params: { path: { jobId } }, ...(signal ? { signal } : {}) });
    if (error || !data) throw CrsError.from(response.status, error, response);
    return data as Job;
  }

  /** Every call record matching `query`, newest first, page after page (`nextCursor`). */
  async *iterateJobs(query: Omit<ListJobsQuery, 'cursor'> = {}): AsyncGenerator<Job> {
    let cursor: string | undefined;
    do {
      const { data, error, response } = await this.api.GET('/v1/jobs', { params: { query: { ...query, ...(cursor ? { cursor } : {}) } } });
      if (error || !data) throw CrsError.from(response.status, error, response);
      yield* data.jobs as Job[];
      cursor = data.nextCursor ?? undefined;
    } while (cursor);
  }
}
