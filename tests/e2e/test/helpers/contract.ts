import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
interface Doc {
  paths: Record<string, Record<string, Operation>>;
}

/**
 * Checks the service's answers against its own published contract
 * (`/openapi.json`): every JSON answer the suite receives on a documented
 * route must be a documented status with a body that fits that status's
 * schema, so the code and the document cannot drift apart unnoticed.
 */
export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  private readonly routes: { method: string; pattern: RegExp; path: string; op: Operation }[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: Doc) {
    this.ajv.addSchema({ ...doc, $id: 'openapi.json' });
    for (const [path, methods] of Object.entries(doc.paths)) {
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i');
      for (const [method, op] of Object.entries(methods)) this.routes.push({ method: method.toUpperCase(), pattern, path, op });
    }
  }

  /** Throws, naming the operation and the mismatch, when an answer does not fit the contract. */
  check(method: string, url: string, status: number, contentType: string | null, body: unknown): void {
    const path = url.split('?')[0]!;
    const route = this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
    if (!route) return; // Not an API operation (operator pages, unknown paths).
    const where = `${method} ${route.path} → ${status}`;
    const answer = route.op.responses[String(status)];
    if (!answer) throw new Error(`contract: ${where} is not a documented status (documented: ${Object.keys(route.op.responses).join(', ')})`);
    if (!contentType?.includes('application/json')) return;
    if (!answer.content?.['application/json']) throw new Error(`contract: ${where} answered JSON where none is documented`);
    const key = `${route.path} ${method} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const pointer = ['paths', route.path, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema']
        .map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1')))
        .join('/');
      validate = this.ajv.compile({ $ref: `openapi.json#/${pointer}` });
      this.compiled.set(key, validate);
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      throw new Error(`contract: ${where} body does not fit the document: ${errors.join('; ')}\nbody: ${JSON.stringify(body).slice(0, 500)}`);
    }
  }
}

const checkers = new Map<string, Promise<ContractChecker>>();

/** The checker for the document a running service publishes, fetched once per service. */
export function contractOf(baseUrl: string): Promise<ContractChecker> {
  let checker = checkers.get(baseUrl);
  if (!checker) {
    checker = fetch(`${baseUrl}/openapi.json`).then(async (res) => new ContractChecker((await res.json()) as Doc));
    checkers.set(baseUrl, checker);
  }
  return checker;
}
