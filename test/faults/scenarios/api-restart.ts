/**
 * The API process stopped (SIGTERM, then SIGKILL) and started again while officers save answers: a bounded load of
 * CLIENTS officers, each saving its own unit's answer again and again with If-Match, one request at a time. A save
 * answered 200 is kept: afterwards the database holds, for each unit, the value of its last 200 or of a later save
 * whose answer was lost with the process (it may have committed); the version acknowledged is never ahead of the
 * database's. The new process answers /health within RECOVERY_MS.
 */
import type { Framework } from '../../../src/engine/framework.model';
import { FrameworkVersion } from '../../../src/frameworks/framework-version.entity';
import { Role } from '../../../src/auth/role';
import { firstLeaf } from '../../utils/framework-files';
import { signedInUser, type SignedInUser } from '../../utils/test-app';
import type { FaultContext } from '../setup/fault-stack';

/** Officers saving at once, each of its own unit: the bounded load. */
const CLIENTS = 4;
/**
 * Saves each client has answered 200 before the stop, and again after the new process answers: counted, not timed,
 * so that a loaded machine makes the test slower, not weaker. SAVES_WITHIN is the generous limit for each count.
 */
const SAVES_EACH = 3;
const SAVES_WITHIN = 60_000;

interface Client {
  officer: SignedInUser;
  unitId: string;
  /** Every value sent, in order; the index of the last one answered 200, and how many were. */
  sent: number[];
  lastAcked: number;
  acked: number;
  ackedVersion: number;
  statuses: Record<string, number>;
}

/** The API's restarts under saves, on the stack and open cycle that `get` gives (system.fault-spec.ts). */
export function apiRestartScenarios(get: () => FaultContext): void {
  let code: string;
  let clients: Client[];

  beforeAll(async () => {
    const { stack, c } = get();
    const t = stack.t;
    const framework: Framework = (await t.db.getRepository(FrameworkVersion).findOneByOrFail({ id: c.frameworkId })).document;
    code = firstLeaf(framework, (l) => (l.source ?? 'self') === 'self' && l.input?.type === 'percent').code;
    const units = ['02', '04', '06', '08', '10', '11'].slice(0, CLIENTS).map((u) => c.units[u]);
    clients = [];
    for (const [i, unitId] of units.entries()) {
      clients.push({
        officer: await signedInUser(t, Role.Officer, `officer${i}@fault.test`, unitId),
        unitId,
        sent: [],
        lastAcked: -1,
        acked: 0,
        ackedVersion: 0,
        statuses: {},
      });
    }
  }, 60_000);

  it.each<['SIGTERM' | 'SIGKILL']>([['SIGTERM'], ['SIGKILL']])(
    'stopped with %s and started again: every save answered 200 is in the database, and the API answers again',
    async (signal) => {
      const { stack, c } = get();
      const t = stack.t;
      let running = true;
      const url = (client: Client) => `/api/v1/cycles/${c.cycleId}/units/${client.unitId}/submission`;
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

      /** One client's loop: read the version, save the next value with it, again; after any failure, read again. */
      const save = async (client: Client) => {
        let version: number | undefined;
        while (running) {
          if (version === undefined) {
            const read = await t.http.get(url(client)).set(client.officer.auth).timeout(5000).then((r) => r, () => undefined);
            if (read?.status === 200) version = read.body.submission.version as number;
            else await pause(50);
            continue;
          }
          // A percent with one decimal, growing: each save a new value, so that a lost one would show.
          const value = (client.sent.length % 1000) / 10;
          client.sent.push(value);
          const res = await t.http
            .patch(`${url(client)}/answers`)
            .set(client.officer.auth)
            .set('If-Match', `"${version}"`)
            .send({ answers: [{ indicatorCode: code, value }] })
            .timeout(10_000)
            .then((r) => r, () => undefined);
          const status = res ? String(res.status) : 'no answer';
          client.statuses[status] = (client.statuses[status] ?? 0) + 1;
          if (res?.status === 200) {
            client.lastAcked = client.sent.length - 1;
            client.acked++;
            client.ackedVersion = res.body.submission.version as number;
            expect(res.body.answers[code].value).toBe(value);
            version = client.ackedVersion;
          } else {
            version = undefined;
          }
        }
      };

      /** Every client has had `n` more saves answered 200 than it had when this was called. */
      const moreSaves = (n: number, when: string) => {
        const from = clients.map((client) => client.acked);
        return stack.api.until(`${n} saves answered 200 for each client ${when}`, async () => (clients.every((cl, i) => cl.acked >= from[i] + n) ? true : undefined), SAVES_WITHIN, 20);
      };

      for (const client of clients) Object.assign(client, { sent: [], lastAcked: -1, acked: 0, ackedVersion: 0, statuses: {} });
      const loops = clients.map(save);
      try {
        await moreSaves(SAVES_EACH, 'before the stop');
        await stack.stopApi(signal);
        await stack.startApi();
        await moreSaves(SAVES_EACH, 'after the new process answered /health');
      } finally {
        running = false;
        await Promise.all(loops);
      }

      for (const client of clients) {
        // Load went on before and after the restart; a refusal from a live process is a 409 (a lost answer's save
        // had committed) or 503, never a 500.
        expect(client.acked).toBeGreaterThanOrEqual(2 * SAVES_EACH);
        expect(Object.keys(client.statuses).filter((s) => s.startsWith('5') && s !== '503')).toEqual([]);
        const [row]: { value: unknown; version: number }[] = await t.db.query(
          `SELECT a.value, s.version FROM submissions s JOIN answers a ON a.submission_id = s.id
            WHERE s.cycle_id = $1 AND s.unit_id = $2 AND a.indicator_code = $3`,
          [c.cycleId, client.unitId, code],
        );
        expect(row.version).toBeGreaterThanOrEqual(client.ackedVersion);
        const possible = client.sent.slice(client.lastAcked);
        expect(possible).toContain(Number(row.value));
      }
    },
    180_000,
  );
}
