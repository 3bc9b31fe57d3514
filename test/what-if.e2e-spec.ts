import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { Role } from '../src/auth/role';
import { score } from '../src/engine';
import type { Framework, FrameworkNode } from '../src/engine/framework.model';
import type { RawValue, ScoreOptions, UnitInput } from '../src/engine/types';
import type { PublicationSnapshot } from '../src/publications/publication-snapshot';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { publishLevel, registryAndAdmin, uploadFramework, type PublishedLevel } from './utils/published-level';
import { PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';

jest.setTimeout(240_000);

type Changes = Record<string, RawValue>;

interface Standing {
  index: number | null;
  indexRounded: number | null;
  rank: number | null;
  groupRank: number | null;
}

/** Every leaf of the framework, in the file's order. */
function leavesOf(framework: Framework): FrameworkNode[] {
  const out: FrameworkNode[] = [];
  const walk = (nodes: FrameworkNode[]): void => nodes.forEach((n) => (n.children?.length ? walk(n.children) : out.push(n)));
  walk(framework.nodes);
  return out;
}

/**
 * What a full run of the engine gives the unit when its inputs are the snapshot's with the changes: every unit
 * scored again by score(), as the score run does. A changed value scores by its leaf's rule (a reviewer's points for
 * it no longer apply); a hand-scored leaf's change is its points.
 */
function engineStanding(snapshot: PublicationSnapshot, code: string, changes: Changes): Standing {
  const framework = snapshot.framework.document;
  const manual = new Set(leavesOf(framework).filter((l) => l.scoring?.rule === 'manual').map((l) => l.code));
  const units: UnitInput[] = snapshot.inputs.units.map((u) => {
    if (u.code !== code) return u;
    const values = { ...u.values };
    const manualPoints = { ...u.manualPoints };
    for (const [leaf, value] of Object.entries(changes)) {
      if (manual.has(leaf)) {
        if (value === null) delete manualPoints[leaf];
        else manualPoints[leaf] = value as number;
      } else {
        values[leaf] = value;
        delete manualPoints[leaf];
      }
    }
    return { ...u, values, manualPoints };
  });
  const result = score(framework, units, snapshot.run.parameters as ScoreOptions).units.find((r) => r.code === code)!;
  return { index: result.index, indexRounded: result.indexRounded, rank: result.rank, groupRank: result.groupRank ?? null };
}

describe('what-if of a unit (#22 point 5): against the frozen results of the others, as a full run of the engine', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedInUser;
  let published: PublishedLevel;
  let snapshot: PublicationSnapshot;
  let officer: SignedInUser;
  let otherOfficer: SignedInUser;
  let reviewer: SignedInUser;
  let code: string;
  let other: string;
  const url = (code: string, cycleId = published.cycleId) => `/api/v1/cycles/${cycleId}/units/${code}/what-if`;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    admin = await registryAndAdmin(t);
    const frameworkId = await uploadFramework(t, admin, 'pdti-2022.yaml');
    published = await publishLevel(t, admin, { level: 'province', year: 2022, frameworkId });
    snapshot = JSON.parse((await t.http.get(`/api/v1/publications/${published.publicationId}/snapshot`).set(admin.auth).expect(200)).text) as PublicationSnapshot;
    // The unit in the middle of the ranking: a what-if can move it up (the first has nowhere to go).
    const ranked = snapshot.results.filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank! || (a.code < b.code ? -1 : 1));
    code = ranked[Math.floor(ranked.length / 2)].code;
    other = ranked[0].code;
    officer = await signedInUser(t, Role.Officer, 'officer@unit.test', published.units[code]);
    otherOfficer = await signedInUser(t, Role.Officer, 'officer@other.test', published.units[other]);
    reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@dti.test');
  }, 240_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  /** Up to three changes of the officer's unit that raise it, each of another rule: a leaf below its max set to its best answer. */
  function raisingChanges(): Changes {
    const own = snapshot.inputs.units.find((u) => u.code === code)!;
    const best = (l: FrameworkNode): RawValue | undefined => {
      const rule = l.scoring;
      const v = own.values[l.code];
      if (rule?.rule === 'boolean') return v === true ? undefined : true;
      if (rule?.rule === 'ratio') return Number(v ?? 0) < rule.target ? Math.min(rule.target, l.input?.type === 'percent' ? 100 : rule.target) : undefined;
      if (rule?.rule === 'bands') {
        const top = rule.bands[rule.bands.length - 1];
        return Number(v ?? -Infinity) < top.min ? top.min : undefined;
      }
      if (rule?.rule === 'choice') {
        const top = rule.options.reduce((a, b) => (b.points > a.points ? b : a)).value;
        return v === top ? undefined : top;
      }
      return undefined;
    };
    const changes: Changes = {};
    const kinds = new Set<string>();
    for (const leaf of leavesOf(snapshot.framework.document)) {
      const to = best(leaf);
      if (to === undefined || kinds.has(leaf.scoring!.rule) || own.manualPoints?.[leaf.code] !== undefined) continue;
      kinds.add(leaf.scoring!.rule);
      changes[leaf.code] = to;
      if (kinds.size === 3) break;
    }
    expect(Object.keys(changes).length).toBeGreaterThanOrEqual(2);
    return changes;
  }

  it("gives the index and rank the engine gives for a full run with the unit's inputs changed, and the cheapest three as the engine ranks each", async () => {
    const changes = raisingChanges();
    const res = await t.http.post(url(code)).set(officer.auth).send({ values: changes }).expect(200);
    const body = res.body as { basis: { kind: string; publicationId: string; inputsHash: string }; before: Standing; after: Standing; moved: string[]; exact: boolean; cheapest: Array<Standing & { code: string; nameVi: string; from: unknown; to: RawValue; rankGain: number; exact: boolean }> };
    expect(body.basis).toMatchObject({ kind: 'publication', publicationId: published.publicationId, inputsHash: snapshot.run.inputsHash });
    // Before: the published result of the unit.
    const publishedResult = snapshot.results.find((r) => r.code === code)!;
    expect(body.before.indexRounded).toBe(publishedResult.indexRounded);
    expect(body.before.rank).toBe(publishedResult.rank);
    expect(body.before).toEqual(engineStanding(snapshot, code, {}));
    // After: the engine's, bit for bit (a rule-scored framework: exact).
    expect(body.exact).toBe(true);
    expect(body.moved).toEqual([]);
    expect(body.after).toEqual(engineStanding(snapshot, code, changes));
    expect(body.after.index!).toBeGreaterThan(body.before.index!);
    expect(body.after.rank!).toBeLessThan(body.before.rank!);
    // The cheapest three: each on top of the changes, its rank and index the engine's; ordered by rank gain, then index.
    expect(body.cheapest).toHaveLength(3);
    expect(body.cheapest.every((c) => c.rankGain >= 0 && c.index! > body.after.index!)).toBe(true);
    for (const c of body.cheapest) {
      const engine = engineStanding(snapshot, code, { ...changes, [c.code]: c.to });
      expect({ code: c.code, index: c.index, indexRounded: c.indexRounded, rank: c.rank }).toEqual({ code: c.code, index: engine.index, indexRounded: engine.indexRounded, rank: engine.rank });
      expect(c.rankGain).toBe(body.after.rank! - c.rank!);
      expect(c.nameVi).toBe(leavesOf(snapshot.framework.document).find((l) => l.code === c.code)!.name.vi);
    }
    const gains = body.cheapest.map((c) => [c.rankGain, c.index ?? 0]);
    expect([...gains].sort((a, b) => b[0] - a[0] || b[1] - a[1])).toEqual(gains);
    // None left out beats the third: every other boolean leaf's yes (a step the service weighs), scored by the engine.
    const own = snapshot.inputs.units.find((u) => u.code === code)!;
    const third = body.cheapest[2];
    for (const leaf of leavesOf(snapshot.framework.document).filter((l) => l.scoring?.rule === 'boolean' && (changes[l.code] ?? own.values[l.code]) !== true && !body.cheapest.some((c) => c.code === l.code))) {
      const engine = engineStanding(snapshot, code, { ...changes, [leaf.code]: true });
      expect(engine.rank! > third.rank! || (engine.rank === third.rank && engine.index! <= third.index!)).toBe(true);
    }
  });

  it('scores the unit as it is with no changes, and an administrator may ask for any unit', async () => {
    const res = await t.http.post(url(other)).set(admin.auth).send({ values: {} }).expect(200);
    expect(res.body.after).toEqual(res.body.before);
    expect(res.body.before).toEqual(engineStanding(snapshot, other, {}));
    for (const c of res.body.cheapest as Array<{ code: string; to: RawValue; rank: number; index: number }>) {
      const engine = engineStanding(snapshot, other, { [c.code]: c.to });
      expect([c.rank, c.index]).toEqual([engine.rank, engine.index]);
    }
  });

  it('refuses an unknown leaf and a value the leaf refuses with a 400 naming values.<code> and the rule; nothing else is scored', async () => {
    const unknown = await t.http.post(url(code)).set(officer.auth).send({ values: { 'NT.01': 50, 'XX.99': 1 } }).expect(400);
    expect(unknown.body.error).toBe('VALIDATION_FAILED');
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'values.XX.99', rule: 'knownIndicator' })]);
    const percent = await t.http.post(url(code)).set(officer.auth).send({ values: { 'NT.01': 150 } }).expect(400);
    expect(percent.body.details).toEqual([expect.objectContaining({ field: 'values.NT.01', rule: expect.stringMatching(/^out_of_range/) })]);
    const choice = await t.http.post(url(code)).set(officer.auth).send({ values: { 'NT.03': 'no-such-option' } }).expect(400);
    expect(choice.body.details).toEqual([expect.objectContaining({ field: 'values.NT.03', rule: expect.stringMatching(/^unknown_choice/) })]);
    const shape = await t.http.post(url(code)).set(officer.auth).send({ values: { 'NT.01': [1, 2] } }).expect(400);
    expect(shape.body.details).toEqual([expect.objectContaining({ field: 'values.NT.01', rule: 'answerType' })]);
    const noValues = await t.http.post(url(code)).set(officer.auth).send({}).expect(400);
    expect(JSON.stringify(noValues.body.details)).toContain('values');
  });

  it("refuses another unit's officer and a reviewer (403), an unknown unit (404), and a cycle with no run yet (409)", async () => {
    const other = await t.http.post(url(code)).set(otherOfficer.auth).send({ values: {} }).expect(403);
    expect(other.body.error).toBe('FORBIDDEN');
    await t.http.post(url(code)).set(reviewer.auth).send({ values: {} }).expect(403);
    await t.http.post(url(code)).send({ values: {} }).expect(401);
    await t.http.post(url('ZZ')).set(admin.auth).send({ values: {} }).expect(404);
    const draft = await t.http
      .post('/api/v1/cycles')
      .set(admin.auth)
      .send({ year: 2023, level: 'province', frameworkId: snapshot.framework.id, nameVi: 'Đánh giá DTI cấp tỉnh năm 2023', opensAt: new Date(Date.now() + 86_400_000).toISOString(), closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
      .expect(201);
    const none = await t.http.post(url(code, draft.body.id)).set(admin.auth).send({ values: {} }).expect(409);
    expect(none.body.message).toMatch(/no succeeded score run/);
    const officerNone = await t.http.post(url(code, draft.body.id)).set(officer.auth).send({ values: {} }).expect(409);
    expect(officerNone.body.message).toMatch(/not published yet/);
  });

  it("before publication scores an administrator's what-if against the cycle's latest succeeded run (its inputs read again); an officer still waits for the publication", async () => {
    const now = Date.now();
    const cycle = await t.http
      .post('/api/v1/cycles')
      .set(admin.auth)
      .send({ year: 2021, level: 'province', frameworkId: snapshot.framework.id, nameVi: 'Đánh giá DTI cấp tỉnh năm 2021', opensAt: new Date(now - 86_400_000).toISOString(), closesAt: new Date(now + 30 * 86_400_000).toISOString() })
      .expect(201);
    const cycleId = cycle.body.id as string;
    await moveCycle(t, admin.auth, cycleId, 'open');
    const participants = await t.http.get(`/api/v1/cycles/${cycleId}/participants`).set(admin.auth).expect(200);
    await fillSubmissions(t, cycleId, Object.fromEntries((participants.body as { unitId: string; code: string }[]).map((p) => [p.code, p.unitId])), 2021);
    await moveCycle(t, admin.auth, cycleId, 'review', 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(admin.auth).expect(202);
    await drainQueues(t);
    const ranking = (await t.http.get(`/api/v1/score-runs/${run.body.run.id}/ranking`).set(admin.auth).expect(200)).body as Array<{ code: string; rank: number | null; value: number | null }>;
    const row = ranking.find((r) => r.code === code)!;
    const res = await t.http.post(url(code, cycleId)).set(admin.auth).send({ values: {} }).expect(200);
    expect(res.body.basis).toMatchObject({ kind: 'run', runId: run.body.run.id, publicationId: null, inputsHash: run.body.run.inputsHash });
    expect([res.body.before.indexRounded, res.body.before.rank]).toEqual([row.value, row.rank]);
    expect(res.body.after).toEqual(res.body.before);
    await t.http.post(url(code, cycleId)).set(officer.auth).send({ values: {} }).expect(409);
  });

  describe('on the score card (headless Chromium)', () => {
    let browser: TestBrowser;
    let base: string;

    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('lets the officer change indicators and shows before → after and the cheapest three, at 1366 and 360 px, without a serious axe violation', async () => {
      const changes = raisingChanges();
      const expected = engineStanding(snapshot, code, changes);
      const cardPath = `/app/cycles/${published.cycleId}/units/${published.units[code]}/score-card`;
      for (const [width, height, script] of [
        [1366, 900, true],
        [360, 780, false],
      ] as const) {
        await browser.context.clearCookies();
        const { page, problems } = await openPage(browser, { width, height });
        if (!script) await page.route('**/what-if.js', (route) => route.abort());
        await signInThroughForm(page, base, officer.email, PASSWORD, cardPath);
        await page.waitForURL(`${base}${cardPath}`);
        for (const [code, value] of Object.entries(changes)) {
          const field = page.locator(`#what-if [name="values[${code}]"]`);
          if (typeof value === 'boolean') await field.selectOption(value ? 'true' : 'false');
          else if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(String(value));
          else await field.fill(String(value));
        }
        if (script) {
          await page.click('#what-if button[type="submit"]');
          await page.waitForSelector('#what-if-result[data-state="done"]');
        } else {
          await Promise.all([page.waitForURL(/what-if/), page.click('#what-if button[type="submit"]')]);
        }
        const after = await page.locator('#what-if-result [data-after-rank]').getAttribute('data-after-rank');
        expect(Number(after)).toBe(expected.rank);
        const index = await page.locator('#what-if-result [data-after-index]').getAttribute('data-after-index');
        expect(Number(index)).toBe(expected.indexRounded);
        expect(await page.locator('#what-if-result [data-cheapest] li').count()).toBe(3);
        const shot = await step(page, `what-if-${width}${script ? '' : '-no-script'}`);
        expect(shot.violations).toEqual([]);
        const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
        expect(overflow).toBe(false);
        expect(problems).toEqual([]);
        if (script) {
          // A value the leaf refuses (past the browser's own check): the refusal in place, naming the indicator (422).
          const percent = leavesOf(snapshot.framework.document).find((l) => l.input?.type === 'percent')!.code;
          await page.locator(`#what-if [name="values[${percent}]"]`).evaluate((el) => el.removeAttribute('max'));
          await page.locator(`#what-if [name="values[${percent}]"]`).fill('150');
          await page.click('#what-if button[type="submit"]');
          await page.waitForSelector('#what-if-result[data-state="refused"]');
          expect(await page.locator('#what-if-result').textContent()).toContain(percent);
        }
        await page.close();
      }
    });
  });
});
