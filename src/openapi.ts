import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { describeOperations } from './auth/api-doc';

/** The tags in the order of the yearly cycle: who signs in, the registry, the framework, the cycle's phases, the results. */
export const API_TAGS: Array<[name: string, description: string]> = [
  ['auth', 'Signing in and out: a Bearer token for every other call but the public ones'],
  ['users', 'Accounts: administrators, the units\' officers, the reviewers'],
  ['units', 'The unit registry (provinces, ministries, the national level), valid over dates'],
  ['frameworks', 'The indicator frameworks: files (JSON or YAML) in versions, frozen once a cycle opens'],
  ['cycles', 'A yearly assessment of one level: its participants, window, extensions and phases'],
  ['submissions', 'A unit\'s self-assessment: answers, the template workbook, system-measured values'],
  ['evidence', 'The documents, links and files that back a unit\'s answers'],
  ['imports', 'Uploaded files read by a job: their state, progress and report'],
  ['reviews', 'Expert review: assignments, decisions, clarifications, lead decisions, objections, the review workbook'],
  ['scoring', 'Score runs of a cycle\'s inputs, their ranking, and whether the results are current'],
  ['monitoring', "Monthly monitored series against their targets: each unit's distance to the trajectory, the laggards (đôn đốc), and a yearly cycle's values taken from the months"],
  ['publications', 'Freezing a run as a published version, corrections, the snapshot and its verification'],
  ['analysis', 'How sure a ranking is: uncertainty and sensitivity analyses of a score run, made by a job'],
  ['public', 'The published results, for anyone without signing in'],
  ['exports', 'Workbooks of rankings, score cards and a cycle\'s data, made by a job'],
  ['audit', 'The record of what was done, by whom and when'],
  ['health', 'Whether the instance and what it depends on answer'],
];

function controllersOf(app: INestApplication): Array<Type<unknown>> {
  return [...app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()].map((c) => c.metatype as Type<unknown>));
}

/** The OpenAPI document served at /api/docs (and /api/docs-json): tags in order, operations described, paths by tag. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('DTI assessment platform')
    .setDescription('Bộ chỉ số đánh giá chuyển đổi số: units, users, frameworks, cycles, reviews, scoring, publications')
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization', description: 'ApiKey <key>: a service account\'s key (POST /api/v1/service-accounts)' }, 'ApiKey');
  for (const [name, description] of API_TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  describeOperations(document, controllersOf(app));
  // The paths grouped by their tag in the cycle's order, so the JSON reads as the UI shows it.
  const rank = (tags: string[] | undefined) => API_TAGS.findIndex(([name]) => tags?.includes(name));
  const tagOf = (item: (typeof document.paths)[string]) => rank((item.get ?? item.post ?? item.put ?? item.patch ?? item.delete)?.tags);
  document.paths = Object.fromEntries(Object.entries(document.paths).sort(([, a], [, b]) => tagOf(a) - tagOf(b)));
  return document;
}
