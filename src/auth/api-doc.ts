import { SetMetadata, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '../common/error-code';
import type { RefusalReason } from '../common/refusal-reason';
import { IS_PUBLIC } from './public.decorator';
import { ROLES, type Role } from './role';
import { ROLES_KEY } from './roles.decorator';

// @nestjs/swagger exports the document's type only; its parts are read off it.
type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Exclude<OperationObject['responses'][string], { $ref: string }>;
type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** One way an operation says no: its error code, the reason in details (where the code alone is too broad), and when. */
export interface Refusal {
  code: ErrorCode;
  reason?: RefusalReason;
  when: string;
}

/** What the OpenAPI document says of an operation; who may call it is read from @Roles / @Public, never restated. */
export interface OperationDoc {
  /** Short, imperative: "Submit a unit's self-assessment". */
  summary: string;
  /** What it does, in a sentence or two. */
  does: string;
  refusals?: Refusal[];
  /** A request body of the main flows, as a client sends it. */
  requestExample?: unknown;
  /** The answer of success of the main flows. */
  responseExample?: unknown;
}

const API_DOC = 'apiDoc';

/** Documents an operation: its summary, what it does and its refusals; describeOperations writes them in the document. */
export const ApiDoc = (doc: OperationDoc) => SetMetadata(API_DOC, doc);

export const refusal = (code: ErrorCode, when: string, reason?: RefusalReason): Refusal => ({ code, when, reason });

/** The 400 of the validation pipe: a path id, a query parameter or a body field breaking its rule. */
export const invalid = (what = 'a path id or a body field'): Refusal =>
  refusal(ErrorCode.ValidationFailed, `${what} breaks its rule (details name each field and rule)`);

export const notFound = (what: string): Refusal => refusal(ErrorCode.NotFound, `no such ${what}`);

/** Every upload (UploadGate, then the file's checks): rate, quota, size and content. */
export const UPLOAD_REFUSALS: Refusal[] = [
  refusal(ErrorCode.UploadRateLimited, 'more uploads within the window than UPLOAD_RATE_MAX (Retry-After)'),
  refusal(ErrorCode.UploadQuotaExceeded, 'more bytes within the window than UPLOAD_QUOTA_BYTES (Retry-After)'),
  refusal(ErrorCode.PayloadTooLarge, 'the file is larger than UPLOAD_MAX_BYTES'),
  refusal(ErrorCode.UnprocessableEntity, 'the content is not of a type taken here (checked by content, not by name)'),
];

/** An optimistic write: the version read, in If-Match or the body. */
export const STALE_VERSION = refusal(ErrorCode.VersionConflict, 'the version sent is not the current one: read again (details.currentVersion)');

/** The error body every refusal answers with (src/common/http-exception.filter.ts). */
const REFUSAL_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'error', 'message', 'requestId'],
  properties: {
    statusCode: { type: 'integer', example: 409 },
    error: { type: 'string', enum: Object.values(ErrorCode), description: 'stable: clients match on it, never on the message' },
    message: { type: 'string', description: 'in English, for API clients and logs' },
    details: {
      description: 'the fields and rules broken (400, 422), or the values that explain a refusal with `reason` (a RefusalReason)',
      oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }],
    },
    requestId: { type: 'string' },
  },
};

function whoMayCall(isPublic: boolean, roles: Role[] | undefined): { text: string; refusals: Refusal[] } {
  if (isPublic) return { text: 'anyone, without signing in.', refusals: [] };
  const unauthenticated = refusal(ErrorCode.Unauthenticated, 'no Bearer token, or one expired or signed out');
  if (!roles?.length) return { text: 'no one (the route names no role).', refusals: [unauthenticated] };
  if (ROLES.every((r) => roles.includes(r))) return { text: `any signed-in user (${roles.join(', ')}).`, refusals: [unauthenticated] };
  return { text: `role ${roles.join(' or ')}.`, refusals: [unauthenticated, refusal(ErrorCode.Forbidden, `a signed-in user of another role than ${roles.join(', ')}`)] };
}

function refusalLine(r: Refusal): string {
  return `${r.code}${r.reason ? ` (reason \`${r.reason}\`)` : ''}: ${r.when}`;
}

function composeDescription(doc: OperationDoc, who: string, refusals: Refusal[]): string {
  const lines = [doc.does, '', `**Who may call:** ${who}`];
  if (refusals.length) lines.push('', '**Refusals:**', ...refusals.map((r) => `- ${ERROR_STATUS[r.code]} ${refusalLine(r)}`));
  return lines.join('\n');
}

function addRefusalResponses(operation: OperationObject, refusals: Refusal[]): void {
  const byStatus = new Map<number, Refusal[]>();
  for (const r of refusals) byStatus.set(ERROR_STATUS[r.code], [...(byStatus.get(ERROR_STATUS[r.code]) ?? []), r]);
  for (const [status, list] of byStatus) {
    const existing = operation.responses[status] as ResponseObject | undefined;
    const description = list.map(refusalLine).join('; ');
    operation.responses[status] = {
      ...existing,
      description: existing?.description ? `${existing.description}; ${description}` : description,
      content: existing?.content ?? { 'application/json': { schema: { $ref: '#/components/schemas/Refusal' } } },
    };
  }
}

function addExamples(operation: OperationObject, doc: OperationDoc): void {
  const body = operation.requestBody;
  if (doc.requestExample !== undefined && body && 'content' in body) {
    const json = body.content['application/json'];
    if (json) json.example = doc.requestExample;
  }
  if (doc.responseExample === undefined) return;
  const status = Object.keys(operation.responses).find((s) => s.startsWith('2'));
  if (!status) return;
  const success = operation.responses[status] as ResponseObject | undefined;
  if (!success) return;
  const json = success.content?.['application/json'];
  success.content = { ...success.content, 'application/json': { ...json, example: doc.responseExample } };
}

/**
 * Writes each documented operation's summary and description into the document, with who may call it read from
 * @Roles / @Public exactly as the AuthGuard reads them (the handler's, else the controller's), the refusals that
 * follow from it (401, 403) before the operation's own, a response per refusal status, and the examples.
 * An operation is matched by Nest's operation id, `<Controller>_<method>`.
 */
export function describeOperations(document: OpenAPIObject, controllers: Array<Type<unknown>>): void {
  const operations = new Map<string, OperationObject>();
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (operation?.operationId) operations.set(operation.operationId, operation);
    }
  }
  const reflector = new Reflector();
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const operation = operations.get(`${controller.name}_${key}`);
      const handler = prototype[key];
      if (!operation || typeof handler !== 'function') continue;
      const doc = reflector.get<OperationDoc | undefined>(API_DOC, handler);
      if (!doc) continue;
      const targets = [handler, controller];
      const who = whoMayCall(!!reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets), reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets));
      const refusals = [...who.refusals, ...(doc.refusals ?? [])].sort((a, b) => ERROR_STATUS[a.code] - ERROR_STATUS[b.code]);
      operation.summary = doc.summary;
      operation.description = composeDescription(doc, who.text, refusals);
      addRefusalResponses(operation, refusals);
      addExamples(operation, doc);
    }
  }
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Refusal: REFUSAL_SCHEMA } };
}
