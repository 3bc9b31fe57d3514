import type { INestApplicationContext, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { registryAndAdmin, uploadFramework } from './utils/published-level';
import { resetState, signedInUser, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';
import { Role } from '../src/auth/role';

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { example?: unknown }> }>;
}
interface Document {
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operationsOf(doc: Document): Array<{ method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method: method.toUpperCase(), path, op: item[method] })),
  );
}

/** The query parameters each handler validates: the properties of its @Query() class, and its @Query('name') ones. */
function validatedQueries(t: TestApp): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown>;
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {}) as Record<string, { index: number; data?: string }>;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, key) ?? []) as Array<Type<unknown>>;
        const names = Object.entries(args)
          .filter(([k]) => k.split(':')[0] === String(RouteParamtypes.QUERY))
          .flatMap(([, a]) =>
            a.data ? [a.data] : getMetadataStorage().getTargetValidationMetadatas(types[a.index], '', true, false).map((m) => m.propertyName),
          );
        if (names.length) out.set(`${controller.name}_${key}`, [...new Set(names)]);
      }
    }
  }
  return out;
}

/**
 * The keys of a body two levels deep (an array by its first item): an example and the real answer must agree on
 * them, whatever the values. Records keyed by data (answers by indicator, values by column) agree when the example's
 * request wrote the same keys, or are left at their own level.
 */
function shape(value: unknown, depth = 2, prefix = ''): string[] {
  if (depth === 0 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.length ? shape(value[0], depth, `${prefix}[].`) : [];
  return Object.entries(value)
    .flatMap(([k, v]) => [`${prefix}${k}`, ...shape(v, depth - 1, `${prefix}${k}.`)])
    .sort();
}

describe('OpenAPI document (/api/docs-json)', () => {
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/api/docs-json').expect(200)).body as Document;
  });
  afterAll(async () => t.close());

  it('gives every operation a summary and a description saying who may call it', () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(80);
    const lacking = operations
      .filter(({ op }) => !op.summary?.trim() || !op.description?.trim() || !op.description.includes('**Who may call:**'))
      .map(({ method, path, op }) => `${method} ${path} (${op.operationId})`);
    expect(lacking).toEqual([]);
  });

  it('names each refusal of a role-restricted operation with its status and code, and its error body', () => {
    const logout = doc.paths['/api/v1/auth/logout'].post;
    expect(logout.responses['401'].description).toContain('UNAUTHENTICATED');
    const createCycle = doc.paths['/api/v1/cycles'].post;
    expect(createCycle.description).toContain('role admin');
    expect(createCycle.description).toMatch(/- 403 FORBIDDEN/);
    expect(createCycle.responses['403'].description).toContain('FORBIDDEN');
    const move = doc.paths['/api/v1/cycles/{id}/phase'].post;
    expect(move.responses['409'].description).toContain('reason `phaseMoveNotAllowed`');
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.description).toContain('anyone, without signing in');
    expect(login.responses['401']).toBeDefined();
    expect(login.responses['401'].description).toContain('INVALID_CREDENTIALS');
  });

  it('lists the tags in the order of the yearly cycle, each described, and groups the paths by them', () => {
    const order = ['auth', 'users', 'units', 'frameworks', 'cycles', 'submissions', 'evidence', 'imports', 'reviews', 'scoring', 'monitoring', 'publications', 'analysis', 'public', 'exports', 'audit', 'health'];
    expect(doc.tags.map((tag) => tag.name)).toEqual(order);
    expect(doc.tags.filter((tag) => !tag.description)).toEqual([]);
    const tagsInPathOrder = operationsOf(doc).map(({ op }) => order.indexOf(op.tags?.[0] ?? ''));
    expect(tagsInPathOrder).not.toContain(-1);
    expect(tagsInPathOrder).toEqual([...tagsInPathOrder].sort((a, b) => a - b));
  });

  it("documents every query parameter a handler validates (the audit log's filters among them)", () => {
    const documented = new Map(operationsOf(doc).map(({ op }) => [op.operationId, (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)]));
    const validated = validatedQueries(t);
    expect(validated.get('AuditController_list')).toEqual(
      expect.arrayContaining(['entityType', 'entityId', 'actorId', 'action', 'from', 'to', 'page', 'pageSize']),
    );
    // The pages (src/web) are left out of the document: only the operations in it are checked.
    const missing = [...validated]
      .filter(([id]) => documented.has(id))
      .flatMap(([id, names]) => names.filter((n) => !documented.get(id)?.includes(n)).map((n) => `${id}: ${n}`));
    expect(missing).toEqual([]);
  });

  it('gives the main flows request and response examples', () => {
    const requestExample = (path: string, method: string) => doc.paths[path][method].requestBody?.content['application/json']?.example;
    const responseExample = (path: string, method: string) =>
      Object.entries(doc.paths[path][method].responses).find(([status]) => status.startsWith('2'))?.[1].content?.['application/json']?.example;
    const flows: Array<[string, string, { request: boolean }]> = [
      ['/api/v1/cycles', 'post', { request: true }],
      ['/api/v1/cycles/{cycleId}/units/{unitId}/submission/answers', 'patch', { request: true }],
      ['/api/v1/cycles/{cycleId}/units/{unitId}/submission/submit', 'post', { request: true }],
      ['/api/v1/cycles/{cycleId}/score-runs', 'post', { request: false }],
      ['/api/v1/cycles/{cycleId}/publications', 'post', { request: true }],
      ['/api/v1/public/rankings/{year}/{level}', 'get', { request: false }],
    ];
    const without = flows.flatMap(([path, method, { request }]) => [
      ...(request && requestExample(path, method) === undefined ? [`${method} ${path}: request`] : []),
      ...(responseExample(path, method) === undefined ? [`${method} ${path}: response`] : []),
    ]);
    expect(without).toEqual([]);
  });

  it("tells the truth in the main flows' examples: each request is taken as sent, each answer has the example's keys", async () => {
    const example = (path: string, method: string, part: 'request' | 'response'): Record<string, unknown> => {
      const op = doc.paths[path][method];
      const body = part === 'request' ? op.requestBody?.content['application/json'] : Object.entries(op.responses).find(([status]) => status.startsWith('2'))?.[1].content?.['application/json'];
      expect(body?.example).toBeDefined();
      return body?.example as Record<string, unknown>;
    };
    await resetState(t);
    const admin = await registryAndAdmin(t);
    const frameworkId = await uploadFramework(t, admin, 'pdti-2022.yaml');

    // Create a cycle: the example as sent (its framework this database's), then its window around now to write in.
    const created = await t.http
      .post('/api/v1/cycles')
      .set(admin.auth)
      .send({ ...example('/api/v1/cycles', 'post', 'request'), frameworkId })
      .expect(201);
    expect(shape(created.body)).toEqual(shape(example('/api/v1/cycles', 'post', 'response')));
    const now = Date.now();
    const window = { opensAt: new Date(now - 86_400_000).toISOString(), closesAt: new Date(now + 30 * 86_400_000).toISOString() };
    const moved = await t.http.patch(`/api/v1/cycles/${created.body.id}`).set(admin.auth).send({ rowVersion: created.body.rowVersion, ...window }).expect(200);
    await t.http.post(`/api/v1/cycles/${created.body.id}/phase`).set(admin.auth).send({ to: 'open', rowVersion: moved.body.rowVersion }).expect(200);
    const cycleId = created.body.id as string;

    // Save answers: the example's answers, at the version read.
    const units = Object.fromEntries(
      ((await t.db.query('SELECT u.id, u.code FROM cycle_units p JOIN units u ON u.id = p.unit_id WHERE p.cycle_id = $1', [cycleId])) as { id: string; code: string }[]).map((r) => [r.code, r.id]),
    );
    const officer = await signedInUser(t, Role.Officer, 'officer@danang.test', units['48']);
    const answersPath = '/api/v1/cycles/{cycleId}/units/{unitId}/submission/answers';
    const submission = `/api/v1/cycles/${cycleId}/units/${units['48']}/submission`;
    const read = await t.http.get(submission).set(officer.auth).expect(200);
    const saved = await t.http
      .patch(`${submission}/answers`)
      .set(officer.auth)
      .send({ ...example(answersPath, 'patch', 'request'), version: read.body.submission.version })
      .expect(200);
    expect(shape(saved.body)).toEqual(shape(example(answersPath, 'patch', 'response')));

    // Start a score run (no worker yet: the run is queued, with its job).
    await fillSubmissions(t, cycleId, units, 2022);
    await moveCycle(t, admin.auth, cycleId, 'review', 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(admin.auth).expect(202);
    expect(shape(run.body)).toEqual(shape(example('/api/v1/cycles/{cycleId}/score-runs', 'post', 'response')));
    // The worker scores the run, then publishes it (a job on the publication queue), as the example sends.
    let worker: INestApplicationContext | undefined;
    const publishPath = '/api/v1/cycles/{cycleId}/publications';
    try {
      worker = await startTestWorker();
      await drainQueues(t);
      const published = await t.http
        .post(`/api/v1/cycles/${cycleId}/publications`)
        .set(admin.auth)
        .send({ ...example(publishPath, 'post', 'request'), runId: run.body.run.id })
        .expect(201);
      expect(shape(published.body)).toEqual(shape(example(publishPath, 'post', 'response')));
    } finally {
      await worker?.close();
    }

    // The public ranking: its framework, columns and groups, each row's keys (its values by column at their own level).
    const ranking = await t.http.get('/api/v1/public/rankings/2022/province').expect(200);
    expect(shape(ranking.body)).toEqual(shape(example('/api/v1/public/rankings/{year}/{level}', 'get', 'response')));
  }, 180_000);
});
