import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS, AUDIT_AREAS } from '../audit/audit-actions';
import type { AuditEntryView } from '../audit/audit-entry.view';
import { AUDIT_ACTION } from '../audit/dto/list-audit.query';
import { translator } from './i18n';
import { auditWords } from './i18n/audit-words';
import { actionGroups, AUDIT_VALUE_MAX_CHARS, AuditPresenter, auditTime, idsOf, type AuditNames } from './audit-log.model';

/** The source files of src that record audit entries (AuditService.record), specs aside. */
function recordingFiles(dir = join(__dirname, '..')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return recordingFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && /\baudit\.record\(/.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

/** The action codes a file writes: dotted literals on a line that names `action`, and the fixed start of a template. */
function actionsWritten(source: string): { literals: string[]; prefixes: string[] } {
  const lines = source.split('\n').filter((line) => /\baction\b/.test(line));
  const literals = lines.flatMap((line) => [...line.matchAll(/'([^']+)'/g)].map((m) => m[1])).filter((s) => AUDIT_ACTION.test(s));
  const prefixes = lines.flatMap((line) => [...line.matchAll(/`([a-z0-9_.-]+)\$\{/g)].map((m) => m[1]));
  return { literals, prefixes };
}

const names: AuditNames = {
  users: new Map([['11111111-1111-4111-8111-111111111111', { name: 'Nguyễn Văn An', email: 'an@dti.local' }]]),
  units: new Map([['22222222-2222-4222-8222-222222222222', 'Đà Nẵng (48)']]),
};
const entry = (over: Partial<AuditEntryView>): AuditEntryView => ({
  id: '1',
  at: new Date('2024-03-01T01:05:09Z'),
  actorId: '11111111-1111-4111-8111-111111111111',
  actorLabel: 'an@dti.local',
  action: 'unit.update',
  entityType: 'unit',
  entityId: '22222222-2222-4222-8222-222222222222',
  unitId: '22222222-2222-4222-8222-222222222222',
  before: null,
  after: null,
  requestId: null,
  ...over,
});

describe('the audit log in words', () => {
  it('has words in Vietnamese and English for every action the services write, found in their source', () => {
    const files = recordingFiles();
    expect(files.length).toBeGreaterThan(15);
    const written = files.map((file) => actionsWritten(readFileSync(file, 'utf8')));
    const literals = new Set(written.flatMap((w) => w.literals));
    // Far from all the list: the scan would find nothing if the services stopped naming `action` on the line.
    expect(literals.size).toBeGreaterThan(40);
    for (const code of literals) expect(AUDIT_ACTIONS).toContain(code);
    for (const prefix of written.flatMap((w) => w.prefixes)) expect(AUDIT_ACTIONS.some((code) => code.startsWith(prefix))).toBe(true);
    for (const lang of ['vi', 'en'] as const) {
      const words = auditWords(lang);
      for (const code of AUDIT_ACTIONS) {
        expect(words.actions[code]).toBeTruthy();
        expect(words.actions[code]).not.toMatch(/[a-z]+[._][a-z]+/);
      }
      for (const area of AUDIT_AREAS) expect(words.areas[area]).toBeTruthy();
    }
    expect(new Set(AUDIT_ACTIONS.map((code) => auditWords('vi').actions[code])).size).toBe(AUDIT_ACTIONS.length);
    expect(auditWords('vi').actions['review.decide']).toBe('Ghi kết quả thẩm định');
    expect(auditWords('en').actions['review.decide']).toBe('Review decisions recorded');
  });

  it('groups the action picker by area, every action once', () => {
    const groups = actionGroups('vi');
    expect(groups.map((g) => g.label)).toEqual(AUDIT_AREAS.map((area) => auditWords('vi').areas[area]));
    expect(groups.flatMap((g) => g.actions.map((a) => a.code)).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('shows the change field by field as before → after, names for ids, words for phases, dates in Vietnam time, long values cut', () => {
    const p = new AuditPresenter(translator('vi'), 'vi', names);
    const long = 'x'.repeat(500);
    const rows = p.changes(
      { phase: 'open', nameVi: 'Đà Nẵng', parentId: null, final: { value: 5, points: 2 }, note: long },
      { phase: 'review', nameVi: 'Đà Nẵng', parentId: '22222222-2222-4222-8222-222222222222', final: { value: 7, points: 2 }, decidedAt: '2024-03-01T10:00:00.000Z', note: long, disabled: true },
    );
    expect(rows).toEqual([
      { field: 'Giai đoạn', before: 'Đang nhận phiếu', after: 'Thẩm định' },
      { field: 'Đơn vị cấp trên', before: '(trống)', after: 'Đà Nẵng (48)' },
      { field: 'Giá trị cuối › Giá trị', before: '5', after: '7' },
      { field: 'Quyết định lúc', before: null, after: '17:00:00 01/03/2024' },
      { field: 'Bị khóa', before: null, after: 'có' },
    ]);
    const cut = p.changes(null, { note: long })[0].after!;
    expect(cut).toHaveLength(AUDIT_VALUE_MAX_CHARS);
    expect(cut.endsWith('…')).toBe(true);
    expect(p.text(['11111111-1111-4111-8111-111111111111', 3.5])).toBe('Nguyễn Văn An <an@dti.local>, 3,5');
    expect(p.text([{ a: 1 }, { a: 2 }])).toBe('2 mục');
    expect(p.text([{ indicatorCode: 'NT.06', value: true, note: null }, { indicatorCode: 'NT.02', value: 65.5 }, { indicatorCode: 'NT.05', value: null, points: 8 }])).toBe('NT.06: có; NT.02: 65,5; NT.05: 8');
    expect(p.text('33333333-3333-4333-8333-333333333333')).toBe('33333333…');
  });

  it('names the actor, the unit and the entity; the system by its label; the time in the language’s way', () => {
    const vi = new AuditPresenter(translator('vi'), 'vi', names);
    const row = vi.row(entry({ after: { nameVi: 'Đà Nẵng' } }));
    expect(row).toMatchObject({ actor: 'Nguyễn Văn An', actorEmail: 'an@dti.local', actionWords: 'Sửa đơn vị', unit: 'Đà Nẵng (48)', entity: 'Đơn vị: Đà Nẵng (48)', at: '08:05:09 01/03/2024' });
    expect(vi.row(entry({ actorId: null, actorLabel: 'cli', entityType: 'cycle', entityId: '44444444-4444-4444-8444-444444444444', unitId: null, after: { nameVi: 'DTI 2023' } }))).toMatchObject({
      actor: 'Hệ thống (cli)',
      actorEmail: null,
      unit: null,
      entity: 'Kỳ đánh giá: DTI 2023',
    });
    expect(auditTime('2024-03-01T01:05:09Z', 'en')).toBe('1 Mar 2024, 08:05:09');
    expect(new AuditPresenter(translator('en'), 'en', names).row(entry({})).actionWords).toBe('Unit changed');
    expect(idsOf([entry({ after: { reviewerId: '55555555-5555-4555-8555-555555555555', list: ['66666666-6666-4666-8666-666666666666'] } })]).sort()).toEqual([
      '11111111-1111-4111-8111-111111111111',
      '22222222-2222-4222-8222-222222222222',
      '55555555-5555-4555-8555-555555555555',
      '66666666-6666-4666-8666-666666666666',
    ]);
  });
});
