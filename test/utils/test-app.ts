import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { Role } from '../../src/auth/role';
import { UsersService } from '../../src/users/users.service';
import { systemActor } from '../../src/auth/actor';
import { CLOCK, type Clock } from '../../src/common/clock';
import { KEY_STORE, type KeyStore } from '../../src/queue/key-store';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  db: DataSource;
  close(): Promise<void>;
}

export async function startTestApp(): Promise<TestApp> {
  const app = await createApp();
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    db: app.get<DataSource>(getDataSourceToken()),
    close: () => app.close(),
  };
}

/** Empties every table but the migrations', and this run's login counters (per account and per address), so each spec starts clean. */
export async function resetState(t: TestApp): Promise<void> {
  const tables = t.db.entityMetadatas.map((m) => `"${m.tableName}"`).join(', ');
  await t.db.query(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
  const config = t.app.get(AppConfig);
  const keys = t.app.get<KeyStore>(KEY_STORE);
  for (const counter of ['login-failures', 'login-address-failures']) await keys.deleteStartingWith(`${config.QUEUE_PREFIX}:${counter}:`);
}

export const PASSWORD = 'correct horse battery staple';

export interface SignedInUser {
  id: string;
  email: string;
  token: string;
  auth: { Authorization: string };
}

/** Creates a user directly through the service (no audit entry of interest to the test) and signs it in. */
export async function signedInUser(
  t: TestApp,
  role: Role,
  email: string,
  unitId?: string,
): Promise<SignedInUser> {
  const user = await t.app
    .get(UsersService)
    .create(systemActor('cli'), { email, fullName: `Người dùng ${email}`, role, unitId, password: PASSWORD });
  const res = await t.http.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  const token = res.body.accessToken as string;
  return { id: user.id, email, token, auth: { Authorization: `Bearer ${token}` } };
}

export async function auditCount(t: TestApp): Promise<number> {
  const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM audit_log');
  return count as number;
}

/**
 * Sets the app's time (the CLOCK provider: one object injected everywhere) until restoreClock. Accepts a Date or an
 * ISO 8601 date-time; without an offset it is Vietnam time, as the API reads it.
 */
export function setNow(t: TestApp, at: Date | string): Date {
  const date = typeof at === 'string' ? new Date(/([zZ]|[+-]\d{2}:?\d{2})$/.test(at) ? at : `${at}+07:00`) : at;
  if (Number.isNaN(date.getTime())) throw new Error(`setNow: not a date: ${String(at)}`);
  const clock = t.app.get<Clock>(CLOCK);
  const spy = jest.isMockFunction(clock.now) ? (clock.now as jest.Mock<Date, []>) : jest.spyOn(clock, 'now');
  spy.mockImplementation(() => new Date(date.getTime()));
  return date;
}

/** Gives the app the real time back. */
export function restoreClock(t: TestApp): void {
  const clock = t.app.get<Clock>(CLOCK);
  if (jest.isMockFunction(clock.now)) (clock.now as jest.Mock<Date, []>).mockRestore();
}
