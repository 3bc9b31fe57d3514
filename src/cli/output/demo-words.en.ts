import type { DemoWords } from './demo-words.vi';

/** The demo's progress in English (--lang en): the same keys as Vietnamese, checked by the type. */
export const DEMO_WORDS_EN: DemoWords = {
  named: (thing) => thing.nameEn ?? thing.nameVi,
  level: { province: 'provincial', ministry: 'ministry', national: 'national' },
  units: { province: 'provinces', ministry: 'ministries and agencies', national: 'unit (the nation)' },
  phase: { draft: 'draft', open: 'open', review: 'review', scoring: 'scoring', published: 'published' },

  database: (database, queues) => `database ${database}; queues ${queues}`,
  embeddedDatabase: (folder) => `the embedded PostgreSQL (PGlite, its data in ${folder})`,
  inProcessQueues: 'in this process',
  redisQueues: (url) => `on Redis ${url}`,
  migrations: (ran) => `migrations: ${ran.length ? `ran ${ran.join(', ')}` : 'up to date'}`,
  registry: 'unit registry (config/units)',
  people: 'people',
  administrator: (email, password) => `administrator ${email} / ${password}`,
  officers: (password) =>
    `officers can-bo.<code>@demo.dti.vn / ${password} (e.g. can-bo.48@demo.dti.vn for Đà Nẵng, can-bo.btc@demo.dti.vn for Bộ Tài chính, can-bo.vn@demo.dti.vn for Việt Nam)`,
  reviewers: (last, password) => `reviewers tham-dinh.01..${last}@demo.dti.vn / ${password} (01, 79 and 48 are the first three's own provinces)`,
  officersOf: { province: 'officers of the provinces', ministry: 'officers of the ministries and agencies', national: 'the officer of the nation' },

  year: (year, level) => `DTI ${year} ${level}: open, self-assess, import, submit, review, score, publish`,
  alreadyPublished: (year, level) => `the ${year} ${level} cycle is already published`,
  cycle: (name, count, units, framework) => `cycle ${name}: ${count} ${units}, framework ${framework}`,
  selfAssessments: 'self-assessments',
  systemValues: (applied, rows) => `national systems: ${applied} values imported (${rows} rows, one report line each)`,
  assignments: (count, reviewers, two, units) => `review: ${count} assignments over ${reviewers} reviewers (2 each for ${two} ${units}, median)`,
  reviews: 'reviews',
  disagreement: (indicator, unit, points) => `disagreement on ${indicator} of ${unit} flagged; the lead settled it at ${points} points`,
  objectionAccepted: (unit, indicator, points) => `objection: ${unit} ${indicator} accepted (→ ${points} points)`,
  objectionRejected: (unit, indicator) => `objection: ${unit} ${indicator} rejected`,
  scoreRun: (id, units, ms, hash) => `score run ${id}: ${units} units in ${ms} ms, results ${hash}…`,
  published: (version, sha) => `published version ${version}, sha256 ${sha}…`,
  workbook: (scoreCard, path, kib) => `${scoreCard ? 'score card' : 'ranking workbook'} ${path} (${kib} KiB)`,

  top10: (year, version) => `DTI ${year} — provinces (version ${version}): the top 10`,
  byGroup: (year, version) => `DTI ${year} — ministries (version ${version}): ranked within each group`,
  national: (year, version, unit, index, parts) => `DTI ${year} — national (version ${version}): ${unit}, index ${index} (${parts})`,
  table: { rank: 'Rank', code: 'Code', province: 'Province', ministry: 'Ministry, agency', index: 'Index', previous: 'Last year', change: 'Rank change' },
  previousRank: (rank) => `rank ${rank}`,
  workbooks: (paths) => `Workbooks:    ${paths}`,
  rankingPage: (port) => `Ranking page: http://localhost:${port}/rankings/2023/province, …/2023/ministry, …/2024/national (after \`npm start\`)`,
  publicApi: (port) => `Public API:   http://localhost:${port}/api/v1/public/rankings/2023/province, …/2023/ministry, …/2024/national/card`,

  live: 'live work: the 2024 provincial cycle open, the 2020 one in review',
  openCycle: (name, phase, submitted, partly, untouched) => `cycle ${name} (${phase}): ${submitted} submitted, ${partly} partly filled, ${untouched} not started`,
  underWay: 'self-assessments under way',
  reviewCycle: (name, phase, units, framework) => `cycle ${name} (${phase}): ${units} provinces, framework ${framework}`,
  reviewUnderWay: (decided, pending) => `review under way: ${decided} decisions made, ${pending} pending`,
  done: (seconds) => `Done in ${seconds} s.`,
};
