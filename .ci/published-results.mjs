// Every published result of a database, one line each (year|level|series|period|version|unit|index|rounded|rank|group
// rank; series and period empty for the yearly rankings), in one
// order: the demo's runs on the real services and on the embedded ones are compared line by line (.ci/demo-deterministic).
//   node .ci/published-results.mjs <postgres url>
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: node .ci/published-results.mjs <postgres url>');
  process.exit(2);
}
const db = new Client({ connectionString: url });
await db.connect();
try {
  const { rows } = await db.query({
    rowMode: 'array',
    text: `SELECT p.year, p.level, p.series, p.period_index, p.version, r.unit_code, r.index::text, r.index_rounded::text, r.rank, r.group_rank
             FROM publication_results r JOIN publications p ON p.id = r.publication_id
            ORDER BY p.year, p.level, p.series NULLS FIRST, p.period_index NULLS FIRST, p.version, r.unit_code COLLATE "C"`,
  });
  for (const row of rows) console.log(row.map((cell) => (cell === null ? '' : String(cell))).join('|'));
} finally {
  await db.end();
}
