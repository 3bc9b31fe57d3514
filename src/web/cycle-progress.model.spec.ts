import type { ParticipantView } from '../cycles/cycle.view';
import { SubmissionStatus } from '../submissions/submission-status';
import type { SubmissionProgressRow } from '../submissions/cycle-progress.queries';
import { progressRows, progressSort, sortRows, summarize } from './cycle-progress.model';
import { daysLeft } from './home.model';
import { formatDay } from './view-setup';

const closesAt = new Date('2025-07-31T16:59:00Z'); // 23:59 on 31/07/2025 in Vietnam
const unit = (code: string, nameVi: string, extensionUntil: string | null = null): ParticipantView => ({
  unitId: `u-${code}`,
  code,
  nameVi,
  unitGroup: null,
  ranked: true,
  extensionUntil,
});
const saved = (code: string, status: SubmissionStatus, answered: number, at: string | null): [string, SubmissionProgressRow] => [
  `u-${code}`,
  { unitId: `u-${code}`, status, answered, lastSavedAt: at ? new Date(at) : null, submittedAt: null },
];

describe('a cycle’s progress lines', () => {
  const participants = [unit('01', 'Hà Nội'), unit('48', 'Đà Nẵng', '2025-08-07T23:59:00+07:00'), unit('89', 'An Giang'), unit('79', 'Hồ Chí Minh')];
  const progress = new Map([
    saved('01', SubmissionStatus.Draft, 0, null), // opened the form, wrote nothing
    saved('48', SubmissionStatus.Draft, 12, '2025-07-01T03:00:00Z'),
    saved('79', SubmissionStatus.Submitted, 64, '2025-06-20T03:00:00Z'),
  ]);
  const rows = progressRows(participants, progress, new Map([['u-01', new Date('2025-07-02T00:00:00Z')]]), 64, closesAt);

  it('says submitted, in progress or not started, with the unit’s own deadline', () => {
    expect(rows.map((r) => [r.code, r.state, r.answered, r.extended])).toEqual([
      ['01', 'notStarted', 0, false],
      ['48', 'inProgress', 12, true],
      ['89', 'notStarted', 0, false],
      ['79', 'submitted', 64, false],
    ]);
    expect(rows[1].deadline.toISOString()).toBe('2025-08-07T16:59:00.000Z');
    expect(rows[0].remindedAt?.toISOString()).toBe('2025-07-02T00:00:00.000Z');
    expect(summarize(rows)).toEqual({ units: 4, submitted: 1, inProgress: 1, notStarted: 2, rate: 0.25 });
  });

  it('sorts by status, by name in Vietnamese order, by last save with the never-saved last either way', () => {
    const codes = (sorted: typeof rows) => sorted.map((r) => r.code);
    expect(codes(sortRows(rows, 'state', 'asc', 'vi'))).toEqual(['79', '48', '01', '89']);
    expect(codes(sortRows(rows, 'state', 'desc', 'vi'))).toEqual(['01', '89', '48', '79']);
    expect(codes(sortRows(rows, 'name', 'asc', 'vi'))).toEqual(['89', '48', '01', '79']);
    expect(codes(sortRows(rows, 'lastSaved', 'desc', 'vi'))).toEqual(['48', '79', '01', '89']);
    expect(codes(sortRows(rows, 'lastSaved', 'asc', 'vi'))).toEqual(['79', '48', '01', '89']);
  });

  it('refuses an unknown sort or direction naming the parameter', () => {
    expect(progressSort('', '')).toEqual({ sort: 'code', dir: 'asc' });
    expect(() => progressSort('colour', '')).toThrow(/sort: must be one of code, name/);
    expect(() => progressSort('name', 'up')).toThrow(/dir: must be one of asc, desc/);
  });
});

describe('dates on the homes', () => {
  it('counts the days left by Vietnam’s calendar', () => {
    expect(daysLeft(closesAt, new Date('2025-07-31T01:00:00Z'))).toBe(0);
    expect(daysLeft(closesAt, new Date('2025-07-30T16:00:00Z'))).toBe(1); // 23:00 on 30/07 in Vietnam
    expect(daysLeft(closesAt, new Date('2025-07-21T17:30:00Z'))).toBe(9);
    expect(daysLeft(closesAt, new Date('2025-07-31T17:00:00Z'))).toBe(-1);
  });

  it('writes a day as each language does, in Vietnam time', () => {
    expect(formatDay(closesAt, 'vi')).toBe('31/07/2025');
    expect(formatDay(closesAt, 'vi', true)).toBe('31/07/2025 23:59');
    expect(formatDay(closesAt, 'en', true)).toBe('31 Jul 2025, 23:59');
    expect(formatDay(null, 'vi')).toBe('—');
  });
});
