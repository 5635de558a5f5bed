// The service's OpenAPI document as the tests' referee: the document itself is
// validated once with @readme/openapi-parser (OpenAPI 3.1 schema plus its own
// checks: unique operationIds, parameters, component names), and every answer
// the serve tests receive is checked against it with Ajv (JSON Schema 2020-12,
// the dialect of OpenAPI 3.1): the path and method exist, the status is
// documented for them, the Content-Type is one the response lists, and a JSON
// body matches its schema. Unknown paths must be a 404 with the Error schema.
import { compileErrors, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../src/serve/openapi.ts';
import { ROUTES } from '../../src/serve/routes.ts';
import { httpCall, type HttpAnswer, type HttpCall } from './http-client.ts';

type Obj = Record<string, any>;

const DOC_ID = 'smtp-dane-verify-openapi.json';

let checked: Promise<Obj> | null = null;

/** The document (the served version string does not matter to its shape), validated once per process. */
export function validatedDocument(version = '0.0.0-test'): Promise<Obj> {
  checked ??= (async () => {
    const doc = openApiDocument(version) as Obj;
    const result = await validate(structuredClone(doc) as never);
    if (!result.valid) throw new Error(`the OpenAPI document is invalid:\n${compileErrors(result)}`);
    return doc;
  })();
  return checked;
}

let ajv: Ajv2020 | null = null;

function validator(doc: Obj): Ajv2020 {
  if (ajv) return ajv;
  // strict off: the document carries OpenAPI keywords around its schemas.
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addSchema({ ...doc, $id: DOC_ID });
  return ajv;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The documented path a request path answers for (a route serves both slash forms, documented once). */
function documentedPath(doc: Obj, pathname: string): string | null {
  const route = ROUTES.find((r) => r.paths.includes(pathname));
  return route?.paths.find((p) => p in doc['paths']) ?? null;
}

function schemaCheck(doc: Obj, schemaPointer: string, body: unknown, what: string): void {
  const validate = validator(doc).getSchema(`${DOC_ID}#/${schemaPointer}`);
  if (!validate) throw new Error(`no schema at ${schemaPointer}`);
  if (!validate(body)) {
    throw new Error(`${what}: the body does not match ${schemaPointer}:\n${validator(doc).errorsText(validate.errors, { separator: '\n' })}\n${JSON.stringify(body).slice(0, 2000)}`);
  }
}

/** Throws, saying why, when `body` does not match the component schema `name` (e.g. 'DomainCheck'). */
export async function checkComponent(name: string, body: unknown): Promise<void> {
  schemaCheck(await validatedDocument(), pointer('components', 'schemas', name), body, name);
}

/** Throws, saying why, when `answer` to `call` is not what the document promises. */
export async function checkAnswer(call: HttpCall, answer: HttpAnswer): Promise<void> {
  const doc = await validatedDocument();
  const method = (call.method ?? 'GET').toLowerCase();
  const url = new URL(call.path, 'http://service.invalid');
  const what = `${method.toUpperCase()} ${call.path} → ${answer.status}`;
  const type = String(answer.headers['content-type'] ?? '').split(';')[0]!.trim();
  const path = documentedPath(doc, url.pathname);
  const operation = path === null ? undefined : doc['paths'][path][method === 'head' ? 'get' : method];
  if (operation === undefined) {
    // An unknown path (404) or a method the path does not have (405): the Error schema.
    const expected = path === null ? 404 : 405;
    if (answer.status !== expected && answer.status !== 400 && answer.status !== 401 && answer.status !== 413 && answer.status !== 431) {
      throw new Error(`${what}: the document has no ${method.toUpperCase()} ${url.pathname}, so only ${expected} (or a refusal before routing) may answer`);
    }
    if (method !== 'head') schemaCheck(doc, pointer('components', 'schemas', 'Error'), answer.json, what);
    return;
  }
  const response = operation.responses[String(answer.status)] ?? operation.responses['default'];
  if (!response) throw new Error(`${what}: status ${answer.status} is not documented for ${method.toUpperCase()} ${path}`);
  const content = response.content ?? {};
  if (Object.keys(content).length === 0) return;
  if (!(type in content)) throw new Error(`${what}: Content-Type ${type} is not one of ${Object.keys(content).join(', ')}`);
  if (method === 'head') {
    if (answer.body !== '') throw new Error(`${what}: a HEAD answer has a body`);
    return;
  }
  const status = answer.headers['content-type'] && operation.responses[String(answer.status)] ? String(answer.status) : 'default';
  const at = pointer('paths', path!, method, 'responses', status, 'content', type, 'schema');
  const body = type === 'application/json' ? answer.json : answer.body;
  if (type === 'application/json' && body === undefined) throw new Error(`${what}: Content-Type says JSON, the body is not: ${answer.body.slice(0, 200)}`);
  schemaCheck(doc, at, body, what);
}

/** httpCall, then the answer checked against the OpenAPI document. */
export async function checkedCall(base: { host: string; port: number }, call: HttpCall): Promise<HttpAnswer> {
  const answer = await httpCall(base, call);
  await checkAnswer(call, answer);
  return answer;
}
