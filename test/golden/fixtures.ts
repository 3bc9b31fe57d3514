import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { num, readGoldenCsv } from './golden-data';
import type { Framework } from '../../src/engine/framework.model';
import type { UnitInput } from '../../src/engine/types';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'frameworks');

export function loadFramework(file: string): Framework {
  return parse(readFileSync(join(FIXTURES, file), 'utf8')) as Framework;
}

export function leafCodes(f: Framework): string[] {
  const out: string[] = [];
  const walk = (nodes: Framework['nodes']): void => {
    for (const n of nodes) {
      if (n.children?.length) walk(n.children);
      else out.push(n.code);
    }
  };
  walk(f.nodes);
  return out;
}

/** ASEM_iData as engine input: the indicators as raw values, the group columns and the four denominators. */
export function asemUnits(framework: Framework): UnitInput[] {
  const data = readGoldenCsv('asem', 'ASEM_iData.csv');
  const leaves = leafCodes(framework);
  return data.rows.map((r) => ({
    code: r.uCode,
    groups: { GDP_group: r.GDP_group, GDPpc_group: r.GDPpc_group, Pop_group: r.Pop_group, EurAsia_group: r.EurAsia_group },
    denominators: { Area: num(r.Area)!, Energy: num(r.Energy)!, GDP: num(r.GDP)!, Population: num(r.Population)! },
    values: Object.fromEntries(leaves.map((c) => [c, num(r[c])])),
  }));
}

/** A stage file as unit → column → number. */
export function stageTable(file: string): Map<string, Record<string, number | null>> {
  const csv = readGoldenCsv('asem', file);
  return new Map(csv.rows.map((r) => [r.uCode, Object.fromEntries(csv.header.filter((h) => h !== 'uCode').map((h) => [h, num(r[h])]))]));
}
