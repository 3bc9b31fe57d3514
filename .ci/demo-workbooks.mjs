// The demo's ranking workbooks say what was published: every number of every units sheet of out/dti-<year>-<level>.xlsx
// equals its publication's frozen results (publication_results, publications.previous), and every unit is there.
// Reads the workbooks as a reader would (by the headers), not through the code that wrote them; rounds as the
// engine does (dist/src/engine, built): values, points and changes to the framework's precision. A node collected but
// not scored (maxPoints 0) has no value: its cells say "không tính điểm". The three ministry workbooks (2021-2023)
// must be there.
//   DATABASE_URL=postgres://… node .ci/demo-workbooks.mjs <out dir> [dist dir]
import { createRequire } from 'node:module';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const ExcelJS = require('exceljs');
const { Client } = require('pg');
const [outDir, distDir = 'dist'] = process.argv.slice(2);
if (!outDir || !process.env.DATABASE_URL) {
  console.error('usage: DATABASE_URL=postgres://… node .ci/demo-workbooks.mjs <out dir> [dist dir]');
  process.exit(2);
}
const { roundTo } = require(resolve(distDir, 'src/engine'));
const REQUIRED = [2021, 2022, 2023].map((year) => `dti-${year}-ministry.xlsx`);
// The sheets of numbers that are not a publication's: the framework's tree (its points and weights).
const NOT_RESULTS = new Set(['Phương pháp']);
// What a cell of a node collected but not scored says instead of a number.
const NOT_SCORED = 'không tính điểm';

const db = new Client({ connectionString: process.env.DATABASE_URL });
await db.connect();
const problems = [];
let checkedFiles = 0;
try {
  const files = readdirSync(outDir).filter((f) => /^dti-\d{4}-[a-z]+\.xlsx$/.test(f));
  for (const name of REQUIRED) if (!files.includes(name)) problems.push(`${name}: not in ${outDir}`);
  for (const file of files) {
    const [, year, level] = /^dti-(\d{4})-([a-z]+)\.xlsx$/.exec(file);
    if (level === 'national') continue; // a score card, not a ranking
    const counted = await checkWorkbook(join(outDir, file), Number(year), level);
    console.log(`${file}: ${counted.numbers} numbers in ${counted.sheets} sheets checked against publication ${counted.publication}`);
    checkedFiles++;
  }
} finally {
  await db.end();
}
if (problems.length) {
  console.log(`${problems.length} numbers or units differ from what was published:`);
  for (const p of problems.slice(0, 30)) console.log(`  ${p}`);
  process.exit(1);
}
console.log(`the demo's ${checkedFiles} ranking workbooks: every number is the published one`);

/** The latest version of a year's publication of a level, its results by unit code and the framework's precision. */
async function published(year, level) {
  const { rows: [pub] } = await db.query(
    `SELECT p.id, p.version, p.sha256, p.previous, (f.document->'result'->>'precision')::int AS precision, f.document
       FROM publications p JOIN score_runs r ON r.id = p.run_id JOIN framework_versions f ON f.id = r.framework_id
      WHERE p.year = $1 AND p.level = $2 AND p.series IS NULL ORDER BY p.version DESC LIMIT 1`,
    [year, level],
  );
  if (!pub) throw new Error(`no ${year} ${level} publication in the database`);
  const { rows } = await db.query(
    `SELECT r.unit_id, r.unit_code, r.unit_group, r.ranked, r.rank, r.group_rank, r.index_rounded, r.nodes, r.pillars, u.name_vi
       FROM publication_results r JOIN units u ON u.id = r.unit_id WHERE r.publication_id = $1`,
    [pub.id],
  );
  return { ...pub, units: new Map(rows.map((r) => [r.unit_code, r])), notScored: notScoredCodes(pub.document.nodes) };
}

/** The codes of the nodes collected but not scored (maxPoints 0). */
function notScoredCodes(nodes, out = new Set()) {
  for (const n of nodes) {
    if (n.maxPoints === 0) out.add(n.code);
    if (n.children) notScoredCodes(n.children, out);
  }
  return out;
}

async function checkWorkbook(path, year, level) {
  const pub = await published(year, level);
  const round = (v) => (typeof v === 'number' ? roundTo(v, pub.precision) : null);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const where = (ws, row, col) => `${path.split('/').pop()} "${ws.name}" ${ws.getRow(row).getCell(col).address}`;
  let numbers = 0;
  let sheets = 0;
  const ranked = new Map(); // unit code → the ranking sheet it is on
  for (const ws of wb.worksheets) {
    if (NOT_RESULTS.has(ws.name)) continue;
    if (ws.name === 'Thông tin') {
      numbers += checkInfo(ws, pub, year);
      sheets++;
      continue;
    }
    const headerRow = [1, 2, 3, 4, 5].find((n) => (ws.getRow(n).values ?? []).includes('Mã'));
    if (!headerRow) {
      problems.push(`${path}: sheet "${ws.name}" has no header with "Mã"`);
      continue;
    }
    sheets++;
    const headers = (ws.getRow(headerRow).values ?? []).map((h) => (typeof h === 'string' ? h : ''));
    const codeCol = headers.indexOf('Mã');
    // The ranking sheets: "Xếp hạng", or one per group (ranked within it) of a grouped publication.
    const rankingSheet = headers.includes('Hạng năm trước');
    const groupSheet = rankingSheet && headers[1] === 'Hạng trong nhóm';
    const context = { groupSheet, lastYearInGroup: new Map() };
    const seen = new Set();
    let lastRank = 0;
    let sheetGroup;
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const code = row.getCell(codeCol).value;
      if (code === null || code === undefined) continue;
      const unit = pub.units.get(String(code));
      if (!unit) {
        problems.push(`${where(ws, r, codeCol)}: unit ${code} is not in the publication`);
        continue;
      }
      if (seen.has(unit.unit_code)) problems.push(`${where(ws, r, codeCol)}: unit ${code} twice`);
      seen.add(unit.unit_code);
      if (rankingSheet) {
        if (ranked.has(unit.unit_code)) problems.push(`${where(ws, r, codeCol)}: unit ${code} also on "${ranked.get(unit.unit_code)}"`);
        ranked.set(unit.unit_code, ws.name);
        const rank = row.getCell(1).value;
        if (typeof rank === 'number' && rank < lastRank) problems.push(`${where(ws, r, 1)}: rank ${rank} after ${lastRank}`);
        if (typeof rank === 'number') lastRank = rank;
        if (groupSheet) {
          if (sheetGroup === undefined) {
            sheetGroup = unit.unit_group;
            context.lastYearInGroup = lastYearRanksIn(pub, sheetGroup);
          }
          if (unit.unit_group !== sheetGroup) problems.push(`${where(ws, r, codeCol)}: ${code} of group ${unit.unit_group} on the sheet of ${sheetGroup}`);
        }
      }
      if (row.getCell(headers.indexOf('Đơn vị')).value !== unit.name_vi) problems.push(`${where(ws, r, codeCol)}: ${code} not named ${unit.name_vi}`);
      for (let c = 1; c < headers.length; c++) {
        const actual = row.getCell(c).value;
        const expected = expectedCell(headers, c, unit, pub, round, context);
        if (expected === undefined) {
          if (typeof actual === 'number') problems.push(`${where(ws, r, c)}: ${actual} under "${headers[c]}", a number this check cannot trace`);
          continue;
        }
        const empty = actual === null || actual === undefined;
        if (actual === NOT_SCORED) {
          const code = /\(([^()]+)\)$/.exec(headers[c])?.[1] ?? /^(.+) – Giá trị$/.exec(headers[c])?.[1];
          if (expected !== null || !pub.notScored.has(code)) problems.push(`${where(ws, r, c)} (${code}, "${headers[c]}"): "${NOT_SCORED}" in a scored column, published ${expected}`);
          continue;
        }
        if (expected === null ? !empty : actual !== expected) {
          problems.push(`${where(ws, r, c)} (${code}, "${headers[c]}"): ${empty ? 'empty' : actual}, published ${expected}`);
        }
        if (typeof actual === 'number') numbers++;
      }
    }
    // Every sheet of units but the group sheets lists every unit; the ranking sheets together list each once.
    if (!groupSheet && seen.size !== pub.units.size) problems.push(`${path}: "${ws.name}" lists ${seen.size} of ${pub.units.size} units`);
  }
  if (ranked.size !== pub.units.size) problems.push(`${path}: the ranking sheets list ${ranked.size} of ${pub.units.size} units`);
  const grouped = [...pub.units.values()].some((u) => u.unit_group !== null);
  const groupSheets = new Set([...ranked.values()]);
  const groups = new Set([...pub.units.values()].map((u) => u.unit_group));
  if (grouped && groupSheets.size !== groups.size) problems.push(`${path}: ${groupSheets.size} ranking sheets for ${groups.size} groups`);
  return { numbers, sheets, publication: `${pub.id} (${year} ${level} v${pub.version})` };
}

/**
 * What the publication says a cell under headers[c] holds, null where nothing, or undefined where the header is not
 * one of the ranking workbook's (then the cell must hold no number).
 */
function expectedCell(headers, c, unit, pub, round, { groupSheet, lastYearInGroup }) {
  const h = headers[c];
  const prev = pub.previous?.[unit.unit_id] ?? null;
  // On a group's sheet, last year's rank is within the group (from last year's values); elsewhere the publication's.
  const lastYearRank = groupSheet ? (lastYearInGroup.get(unit.unit_code) ?? null) : (prev?.rank ?? null);
  const rank = groupSheet ? unit.group_rank : unit.rank;
  const node = (code) => {
    const inNodes = unit.nodes?.[code];
    const inPillars = unit.pillars?.[code];
    if (inNodes && inPillars) throw new Error(`${code} is both a node and a pillar`);
    return inNodes ?? inPillars ?? null;
  };
  const codeOf = (header) => /\(([^()]+)\)$/.exec(header ?? '')?.[1];
  switch (h) {
    case 'Hạng':
    case 'Hạng chung':
      return unit.rank;
    case 'Hạng trong nhóm':
      return unit.group_rank;
    case 'Chỉ số DTI':
      return unit.index_rounded;
    case 'Hạng năm trước':
      return lastYearRank;
    case 'Thay đổi hạng':
      return lastYearRank !== null && rank !== null ? lastYearRank - rank : null;
    case 'Chỉ số năm trước':
      return prev?.value ?? null;
    case 'Thay đổi':
      return prev && prev.value !== null && unit.index_rounded !== null ? round(unit.index_rounded - prev.value) : null;
    case 'Điểm': // of the group or pillar named in the column before (a group's or pillar's sheet)
      return round(node(codeOf(headers[c - 1]))?.points ?? null);
    case 'Hạng theo nhóm':
    case 'Hạng theo trụ cột':
      return node(codeOf(headers[c - 2]))?.rank ?? null;
  }
  const leaf = /^(.+) – (Giá trị|Điểm)$/.exec(h);
  if (leaf) return round(node(leaf[1])?.[leaf[2] === 'Giá trị' ? 'value' : 'points'] ?? null);
  const code = codeOf(h);
  if (code) return round(node(code)?.value ?? null);
  return undefined;
}

/**
 * Last year's rank within a group, by last year's index of this year's ranked units of the group (ties share a rank:
 * one more than the number of units ahead).
 */
function lastYearRanksIn(pub, group) {
  const values = [...pub.units.values()]
    .filter((u) => u.unit_group === group && u.ranked && pub.previous?.[u.unit_id])
    .map((u) => [u.unit_code, pub.previous[u.unit_id].value]);
  return new Map(values.map(([code, v]) => [code, v === null ? null : 1 + values.filter(([, w]) => w !== null && w > v).length]));
}

/** "Thông tin": the year, the version, the number of units and the publication's SHA-256. */
function checkInfo(ws, pub, year) {
  const entries = new Map(ws.getSheetValues().filter(Boolean).map((r) => [r[1], r[2]]));
  const expected = { 'Năm dữ liệu': year, 'Phiên bản công bố': pub.version, 'Số đơn vị': pub.units.size, 'SHA-256 của bản công bố': pub.sha256, 'Mã công bố': pub.id };
  for (const [key, value] of Object.entries(expected)) {
    if (entries.get(key) !== value) problems.push(`"${ws.name}" ${key}: ${entries.get(key)}, published ${value}`);
  }
  return 3;
}
