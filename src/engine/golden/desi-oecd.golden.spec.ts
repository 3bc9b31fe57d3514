import { goldenAvailable, num, readGoldenCsv, skipMessage } from '../../../test/golden/golden-data';
import { score } from '../score';
import type { ScoreResult, UnitInput } from '../types';
import { leafCodes, loadFramework } from '../../../test/golden/fixtures';

const desiAvailable = goldenAvailable('desi2022', 'DESI_2022_raw_imputed.csv');
const oecdAvailable = goldenAvailable('oecd_dgi', 'oecd_dgi_2023.csv');

(desiAvailable ? describe : describe.skip)(desiAvailable ? 'DESI 2022' : `DESI 2022 — ${skipMessage('desi2022/')}`, () => {
  const framework = loadFramework('golden-desi2022.yaml');
  const leaves = leafCodes(framework);
  // Read in beforeAll: a skipped suite's body still runs, and the data may be absent.
  let result: ScoreResult;
  let published: Record<string, string>[];
  beforeAll(() => {
    const units: UnitInput[] = readGoldenCsv('desi2022', 'DESI_2022_raw_imputed.csv').rows.map((r) => ({
      code: r.Country,
      // The EU row is computed from EU-level values: scored, never ranked among its members.
      ranked: r.Country !== 'EU',
      values: Object.fromEntries(leaves.map((c) => [c, num(r[c])])),
    }));
    result = score(framework, units);
    published = readGoldenCsv('desi2022', 'DESI_2022_published_scores.csv').rows;
  });

  it('reproduces the published DESI within 3e-6 and its ranking exactly', () => {
    expect(published).toHaveLength(27);
    for (const p of published) {
      const u = result.units.find((x) => x.code === p.country)!;
      if (!(Math.abs(u.index! - Number(p.desi_2022)) <= 3e-6)) throw new Error(`${p.country}: ${u.index} vs ${p.desi_2022}`);
      expect([p.country, u.rank]).toEqual([p.country, Number(p.rank_2022)]);
    }
  });

  it('scores the EU row but gives it no rank', () => {
    const eu = result.units.find((u) => u.code === 'EU')!;
    expect(eu).toMatchObject({ ranked: false, rank: null, status: 'scored' });
    expect(eu.index).toBeGreaterThan(0);
    expect(result.rankedCount).toBe(27);
  });
});

(oecdAvailable ? describe : describe.skip)(oecdAvailable ? 'OECD DGI 2023' : `OECD DGI 2023 — ${skipMessage('oecd_dgi/')}`, () => {
  const framework = loadFramework('golden-oecd-dgi2023.yaml');
  const leaves = leafCodes(framework);
  const partners = ['PER', 'BRA', 'ARG', 'HRV', 'ROU'];
  const byCountry = new Map<string, Record<string, number>>();
  let result: ScoreResult;
  beforeAll(() => {
    for (const r of readGoldenCsv('oecd_dgi', 'oecd_dgi_2023.csv').rows) {
      (byCountry.get(r.cc_iso3c) ?? byCountry.set(r.cc_iso3c, {}).get(r.cc_iso3c)!)[r.variable] = Number(r.value);
    }
    const units: UnitInput[] = [...byCountry].map(([code, v]) => ({
      code,
      ranked: !partners.includes(code),
      values: Object.fromEntries(leaves.map((c) => [c, v[c]])),
    }));
    result = score(framework, units);
  });

  it('the composite is the mean of the six dimensions (published to 3 decimals)', () => {
    expect(result.units).toHaveLength(38);
    for (const u of result.units) {
      const published = byCountry.get(u.code)!.composite_index;
      if (!(Math.abs(u.index! - published) <= 5e-4 + 1e-12)) throw new Error(`${u.code}: ${u.index} vs ${published}`);
    }
  });

  it('partners are scored but not ranked, and take no rank place', () => {
    for (const p of partners) expect(result.units.find((u) => u.code === p)).toMatchObject({ ranked: false, rank: null, status: 'scored' });
    expect(result.rankedCount).toBe(33);
    const ranks = result.units.filter((u) => u.rank !== null).map((u) => u.rank!);
    expect(Math.max(...ranks)).toBeLessThanOrEqual(33);
  });

  it('ranks as published, except inside near-ties of the rounded dimensions', () => {
    for (const u of result.units.filter((x) => x.rank !== null)) {
      const published = byCountry.get(u.code)!;
      if (u.rank === published.composite_rank) continue;
      // A different rank is only acceptable where another unit's composite lies within rounding distance.
      const near = result.units.some((o) => o.code !== u.code && o.rank !== null && Math.abs(o.index! - u.index!) < 1e-3);
      expect([u.code, near]).toEqual([u.code, true]);
    }
  });
});
