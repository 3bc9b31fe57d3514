import type { Framework, FrameworkNode } from '../engine/framework.model';
import type { SubmissionState } from '../submissions/submission.view';
import { countStatuses, indicatorStatuses, passes, sectionHref, sectionsOf } from './self-assessment-sections';

const leaf = (code: string, extra: Partial<FrameworkNode> = {}): FrameworkNode => ({ code, name: { vi: code }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' }, ...extra });
const group = (code: string, children: FrameworkNode[]): FrameworkNode => ({ code, name: { vi: code }, children });
const framework = (nodes: FrameworkNode[]) => ({ code: 'T', version: '1', level: 'province', year: 2022, name: { vi: 'T' }, nodes }) as unknown as Framework;

/** The state SubmissionsService gives, with only what the statuses read. */
function state(parts: { answers?: Record<string, { value: unknown; updatedAt: string }>; missing?: SubmissionState['missing']; status?: string; submittedAt?: string | null }): SubmissionState {
  return {
    submission: { status: parts.status ?? 'draft', submittedAt: parts.submittedAt ? new Date(parts.submittedAt) : null },
    answers: Object.fromEntries(Object.entries(parts.answers ?? {}).map(([code, a]) => [code, { value: a.value, note: null, selfPoints: null, warnings: [], updatedAt: new Date(a.updatedAt) }])),
    missing: parts.missing ?? [],
  } as unknown as SubmissionState;
}

describe('the self-assessment’s sections', () => {
  it('makes the main indicators the sections, under their top-level group; top-level nodes holding indicators are sections themselves', () => {
    // As PDTI 2020 (pillar > main indicator > indicator) and PDTI 2024 (main indicator > indicator).
    const pillars = framework([group('CQS', [group('CQS.NT', [leaf('CQS.NT.01'), leaf('CQS.NT.02')]), group('CQS.TC', [leaf('CQS.TC.01')])]), group('KTS', [group('KTS.NT', [leaf('KTS.NT.01')])])]);
    expect([...sectionsOf(pillars)]).toEqual([
      ['CQS.NT.01', { code: 'CQS.NT', groupCode: 'CQS' }],
      ['CQS.NT.02', { code: 'CQS.NT', groupCode: 'CQS' }],
      ['CQS.TC.01', { code: 'CQS.TC', groupCode: 'CQS' }],
      ['KTS.NT.01', { code: 'KTS.NT', groupCode: 'KTS' }],
    ]);
    const flat = framework([group('NT', [leaf('NT.01')]), group('TC', [leaf('TC.01')])]);
    expect([...sectionsOf(flat).values()]).toEqual([
      { code: 'NT', groupCode: 'NT' },
      { code: 'TC', groupCode: 'TC' },
    ]);
  });

  it('marks an own indicator without a value to do, required evidence missing or an answer changed after the last submission to update, and counts them', () => {
    const fw = framework([group('NT', [leaf('NT.01'), leaf('NT.02'), leaf('NT.03', { source: 'system' }), leaf('NT.04')])]);
    const returned = state({
      status: 'returned',
      submittedAt: '2022-05-01T00:00:00Z',
      answers: { 'NT.01': { value: true, updatedAt: '2022-04-01T00:00:00Z' }, 'NT.02': { value: false, updatedAt: '2022-05-02T00:00:00Z' }, 'NT.04': { value: null, updatedAt: '2022-04-01T00:00:00Z' } },
      missing: [
        { indicatorCode: 'NT.01', name: 'NT.01', missing: 'evidence' },
        { indicatorCode: 'NT.04', name: 'NT.04', missing: 'value' },
      ],
    });
    const flags = { 'NT.04': [{ kind: 'clarification' as const, text: 'hỏi', href: null }] };
    const statuses = indicatorStatuses(fw, returned, flags);
    expect(Object.fromEntries(statuses)).toEqual({
      'NT.01': { own: true, todo: false, flags: [], stale: ['evidence'] },
      'NT.02': { own: true, todo: false, flags: [], stale: ['changed'] },
      'NT.03': { own: false, todo: false, flags: [], stale: [] },
      'NT.04': { own: true, todo: true, flags: flags['NT.04'], stale: [] },
    });
    expect(countStatuses(statuses.values())).toEqual({ total: 3, done: 2, todo: 1, flagged: 1, stale: 2 });
    expect([...statuses].filter(([, s]) => passes(s, 'todo')).map(([c]) => c)).toEqual(['NT.04']);
    expect([...statuses].filter(([, s]) => passes(s, 'flagged')).map(([c]) => c)).toEqual(['NT.04']);
    expect([...statuses].filter(([, s]) => passes(s, 'stale')).map(([c]) => c)).toEqual(['NT.01', 'NT.02']);
    expect([...statuses].filter(([, s]) => passes(s, 'all'))).toHaveLength(4);
    // Submitted (locked) or never submitted: nothing is changed since the reviewers saw it.
    for (const s of [state({ ...returnedParts(), status: 'submitted' }), state({ ...returnedParts(), submittedAt: null })]) {
      expect(indicatorStatuses(fw, s).get('NT.02')!.stale).toEqual([]);
    }
  });

  it('writes a section’s address with its filter, leaving out no filter', () => {
    expect(sectionHref('/app/x', 'NT', 'all')).toBe('/app/x?section=NT');
    expect(sectionHref('/app/x', 'CQS.NT', 'todo', '#sa-view')).toBe('/app/x?section=CQS.NT&filter=todo#sa-view');
  });
});

function returnedParts() {
  return { submittedAt: '2022-05-01T00:00:00Z', answers: { 'NT.02': { value: false, updatedAt: '2022-05-02T00:00:00Z' } } };
}
