import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../src/config/app-config';
import { vi } from '../src/web/i18n/vi';
import type { PublicationJobView } from '../src/publications/publication-job.view';
import { QueueName } from '../src/queue/queue-name';
import { queuePortToken, type QueuePort } from '../src/queue/queue-port';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/**
 * Publishing as a job on the publication queue (issue #23): a request waits for its job and answers as before (201,
 * or the refusal), or 202 with the job to follow; what can be checked cheaply is refused before anything is queued.
 */
describe('publishing as a job', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let c: OpenCycle;
  let staleRunId: string;
  let runId: string;

  const publishUrl = () => `/api/v1/cycles/${c.cycleId}/publications`;
  const jobRows = async (): Promise<number> => (await t.db.query('SELECT count(*)::int AS n FROM publication_jobs'))[0].n as number;
  const queued = async (): Promise<number> => {
    const counts = await t.app.get<QueuePort>(queuePortToken(QueueName.Publication)).pendingCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };
  const askRun = async (): Promise<string> => {
    const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
    await drainQueues(t);
    return run.body.run.id as string;
  };
  /** The job followed at its Location until it is done (or failed). */
  const follow = async (location: string): Promise<PublicationJobView> => {
    for (let i = 0; i < 300; i++) {
      const res = await t.http.get(location).set(c.admin.auth).expect(200);
      if (res.body.status === 'succeeded' || res.body.status === 'failed') return res.body as PublicationJobView;
      await sleep(100);
    }
    throw new Error(`${location} not done`);
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    staleRunId = await askRun();
    // One answer changed after that run, in the database (a late correction; the officers' way to it is not the
    // subject here): the run is stale.
    const changed = await t.db.query(
      `UPDATE answers a SET value = to_jsonb(NOT (a.value #>> '{}')::boolean)
        WHERE (a.submission_id, a.indicator_code) IN (
          SELECT x.submission_id, x.indicator_code FROM answers x JOIN submissions s ON s.id = x.submission_id
           WHERE s.cycle_id = $1 AND s.unit_id = $2 AND jsonb_typeof(x.value) = 'boolean' ORDER BY x.indicator_code LIMIT 1)`,
      [c.cycleId, c.unitA],
    );
    expect(changed[1]).toBe(1);
    runId = await askRun();
  }, 300_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  it('refuses at once what it can check, naming the rule, with nothing stored or queued', async () => {
    const officer = await t.http.post(publishUrl()).set(c.officerA.auth).send({ runId }).expect(403);
    expect(officer.body.error).toBe('FORBIDDEN');
    const unknown = await t.http.post(publishUrl()).set(c.admin.auth).send({ runId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    expect(unknown.body).toMatchObject({ error: 'NOT_FOUND', message: expect.stringMatching(/^score run 0{8}-/) });
    const phase = await t.http.post(`${publishUrl()}/corrections`).set(c.admin.auth).send({ runId, reason: 'một lý do đủ dài để đính chính' }).expect(409);
    expect(phase.body).toMatchObject({ error: 'WRONG_PHASE', message: 'only a published cycle is corrected; this one is scoring' });
    const analysis = await t.http.post(publishUrl()).set(c.admin.auth).send({ runId, analysisId: '00000000-0000-4000-8000-000000000001' }).expect(400);
    expect(analysis.body.details).toEqual([expect.objectContaining({ field: 'analysisId', rule: 'exists' })]);
    const invalid = await t.http.post(publishUrl()).set(c.admin.auth).send({ runId: 'not-a-run' }).expect(400);
    expect(invalid.body.details).toEqual([expect.objectContaining({ field: 'runId' })]);
    expect(await jobRows()).toBe(0);
    expect(await queued()).toBe(0);
  });

  it('fails the job of a stale run with the conflict, which a waiting request answers as 409 as before', async () => {
    const accepted = await t.http.post(publishUrl()).set(c.admin.auth).set('Prefer', 'respond-async').send({ runId: staleRunId }).expect(202);
    const failed = await follow(accepted.headers.location);
    expect(failed).toMatchObject({ status: 'failed', publicationId: null, publication: null, error: { code: 'CONFLICT', message: expect.stringMatching(/is stale/) } });

    // The same request again is the same job, queued anew: its refusal is the request's.
    const waited = await t.http.post(publishUrl()).set(c.admin.auth).send({ runId: staleRunId }).expect(409);
    expect(waited.body).toMatchObject({ error: 'CONFLICT', message: failed.error!.message });
    expect(await jobRows()).toBe(1);
    expect((await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200)).body.phase).toBe('scoring');
  });

  it('answers 202 with Location when the job is not done within the wait (no worker), and the same request twice is one job and one publication', async () => {
    await worker!.close();
    worker = undefined;
    const first = await t.http.post(publishUrl()).set(c.admin.auth).set('Prefer', 'respond-async').send({ runId }).expect(202);
    expect(first.headers.location).toBe(`/api/v1/publication-jobs/${first.body.id}`);
    expect(first.headers['preference-applied']).toBe('respond-async');
    expect(first.body).toMatchObject({ kind: 'publish', runId, version: 1, status: 'queued', progress: 0, publication: null });
    // Waited for a second (Prefer: wait), with no worker to take the job: 202, the same job.
    const second = await t.http.post(publishUrl()).set(c.admin.auth).set('Prefer', 'wait=1').send({ runId }).expect(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.location).toBe(first.headers.location);
    await t.http.get(first.headers.location).set(c.officerA.auth).expect(403);

    worker = await startTestWorker();
    const done = await follow(first.headers.location);
    expect(done).toMatchObject({ status: 'succeeded', progress: 100, error: null, publication: { id: done.publicationId, cycleId: c.cycleId, runId, version: 1 } });
    const verified = await t.http.get(`/api/v1/publications/${done.publicationId}/verify`).set(c.admin.auth).expect(200);
    expect(verified.body).toMatchObject({ ok: true, problems: [] });
    const list = await t.http.get(publishUrl()).set(c.admin.auth).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: done.publicationId, version: 1 })]);
    // Published by whoever asked, as when publishing was the request.
    const [audit] = await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'publication.publish'`);
    expect(audit.actor_id).toBe(c.admin.id);
  });

  it('answers 201 with the publication when the job is done within the wait, as before', async () => {
    const corrected = await t.http.post(`${publishUrl()}/corrections`).set(c.admin.auth).send({ runId, reason: 'Sửa số liệu của một tỉnh do lỗi đồng bộ' }).expect(201);
    expect(corrected.body).toMatchObject({ cycleId: c.cycleId, runId, version: 2, reason: 'Sửa số liệu của một tỉnh do lỗi đồng bộ', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const list = await t.http.get(publishUrl()).set(c.admin.auth).expect(200);
    expect(list.body.map((p: { version: number }) => p.version)).toEqual([1, 2]);
    // Publishing again is refused at once, as before: the cycle is published.
    await t.http.post(publishUrl()).set(c.admin.auth).send({ runId }).expect(409);
  });

  describe('the cycle page', () => {
    let browser: TestBrowser;
    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('shows a correction still under way, with a link to reload that shows it done', async () => {
      const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      const cyclePath = `/app/admin/cycles/${c.cycleId}`;
      const { page } = await openPage(browser);
      await signInThroughForm(page, base, c.admin.email, PASSWORD, cyclePath);
      // No worker, and no wait: the page is answered before the job is done.
      await worker!.close();
      worker = undefined;
      const config = t.app.get(AppConfig);
      const wait = config.PUBLISH_WAIT_MS;
      config.PUBLISH_WAIT_MS = 0;
      try {
        const token = await page.inputValue('form[action="/app/logout"] input[name="_csrf"]');
        const post = await page.request.post(`${base}${cyclePath}/publications`, {
          form: { _csrf: token, runId, mode: 'correct', reason: 'Đính chính lần hai do lỗi đồng bộ' },
          maxRedirects: 0,
        });
        expect(post.status()).toBe(303);
        const under = post.headers().location;
        expect(under).toMatch(new RegExp(`${cyclePath}\\?done=publishing&job=[0-9a-f-]{36}$`));
        await page.goto(`${base}${under}`);
        expect(await page.textContent('#flash')).toBe(vi['admin.publishing'].replace('{version}', '3').replace('{progress}', '0'));
        expect(await page.getAttribute('#publishing-reload a', 'href')).toBe(under);
        // While it is under way the page offers no other publish or correct; the cycle's own address says it is under way.
        const correctForms = 'form input[name="mode"][value="correct"]';
        expect(await page.$$(correctForms)).toHaveLength(0);
        await page.goto(`${base}${cyclePath}`);
        expect(await page.$$(correctForms)).toHaveLength(0);
        expect(await page.textContent('#publishing-pending')).toContain(vi['admin.publishing'].replace('{version}', '3').replace('{progress}', '0'));
        expect(await page.getAttribute('#publishing-pending a', 'href')).toBe(under);
        for (const width of [360, 1366]) {
          await page.setViewportSize({ width, height: 900 });
          expect((await step(page, `publication-job-pending-${width}`)).violations).toEqual([]);
        }
        await page.goto(`${base}${under}`);
        expect(await page.$('#publishing-pending')).toBeNull();
        // The administrator's view of a publication under way, on a phone and a desktop.
        for (const width of [360, 1366]) {
          await page.setViewportSize({ width, height: 900 });
          expect((await step(page, `publication-job-under-way-${width}`)).violations).toEqual([]);
        }

        worker = await startTestWorker();
        await follow(`/api/v1/publication-jobs/${under.split('job=')[1]}`);
        await Promise.all([page.waitForURL(`${base}${under}`), page.click('#publishing-reload a')]);
        expect(await page.textContent('#flash')).toBe(vi['admin.published'].replace('{version}', '3'));
        expect(await page.$('#publishing-reload')).toBeNull();
        expect(await page.$$('li[data-publication]')).toHaveLength(3);
        expect((await page.$$(correctForms)).length).toBeGreaterThan(0);
        expect(await page.$('#publishing-pending')).toBeNull();
      } finally {
        config.PUBLISH_WAIT_MS = wait;
      }
    }, 120_000);
  });
});
