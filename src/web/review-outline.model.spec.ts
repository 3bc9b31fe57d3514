import type { FrameworkNode } from '../engine/framework.model';
import type { LeafEntry } from '../frameworks/framework-tree';
import { DomainException } from '../common/domain.exception';
import { countRows, matchesFilter, parseFilter, parseSection, reviewSections, type RowMarks } from './review-outline.model';

const node = (code: string, children?: FrameworkNode[]): FrameworkNode => ({ code, name: { vi: `Tên ${code}`, en: `Name ${code}` }, children }) as FrameworkNode;
const row = (code: string, marks: Partial<RowMarks> = {}): RowMarks => ({
  code,
  section: code.split('.')[0],
  decided: false,
  clarifying: false,
  flagged: false,
  awaitingLead: false,
  stale: false,
  ...marks,
});

describe("the reviewer's unit page: summary, filters and sections", () => {
  const top = node('I');
  const entries = new Map<string, LeafEntry>(
    ['NT.01', 'NT.02', 'TC.01', 'HT.01'].map((code) => [code, { node: node(code), ancestors: [top, node(code.split('.')[0])] }]),
  );
  const rows = [row('NT.01', { decided: true }), row('NT.02', { decided: true, flagged: true }), row('TC.01', { stale: true }), row('HT.01', { clarifying: true })];

  it('counts decided, to do (anything not accepted or adjusted, a question or a value to decide again among them), flagged and stale', () => {
    expect(countRows(rows)).toEqual({ total: 4, decided: 2, todo: 2, clarifying: 1, flagged: 1, awaitingLead: 0, stale: 1 });
    expect(rows.filter((r) => matchesFilter(r, 'todo')).map((r) => r.code)).toEqual(['TC.01', 'HT.01']);
    expect(rows.filter((r) => matchesFilter(r, 'flagged')).map((r) => r.code)).toEqual(['NT.02']);
    expect(rows.filter((r) => matchesFilter(r, 'stale')).map((r) => r.code)).toEqual(['TC.01']);
  });

  it('opens the section asked for, else the one just acted on, else the first with something to do; a filter opens every section it shows', () => {
    const open = (view: Partial<Parameters<typeof reviewSections>[4]>) =>
      reviewSections(rows, entries, 'vi', 'Khác', { show: 'all', section: null, focus: null, decideAgain: new Set(), ...view })
        .filter((s) => s.open)
        .map((s) => s.code);
    expect(open({})).toEqual(['TC']);
    expect(open({ focus: 'NT.02' })).toEqual(['NT']);
    expect(open({ section: 'HT', focus: 'NT.02' })).toEqual(['HT']);
    expect(open({ show: 'todo' })).toEqual(['TC', 'HT']);
    expect(open({ decideAgain: new Set(['TC.01']), section: 'NT' })).toEqual(['NT', 'TC']);
    const [nt] = reviewSections(rows, entries, 'en', 'Other', { show: 'all', section: null, focus: null, decideAgain: new Set() });
    expect(nt).toMatchObject({ code: 'NT', name: 'Name NT', shown: 2, counts: { total: 2, decided: 2, todo: 0 } });
  });

  it('refuses a filter or a section the page does not have, naming the parameter and the rule', () => {
    expect(parseFilter(undefined)).toBe('all');
    expect(parseFilter('stale')).toBe('stale');
    expect(() => parseFilter('everything')).toThrow(DomainException);
    expect(() => parseFilter(['todo'])).toThrow(/show: must be one of all, todo, flagged, stale/);
    expect(parseSection('', ['NT'])).toBeNull();
    expect(() => parseSection('ZZ', ['NT', 'TC'])).toThrow(/section: must be a section of the framework: NT, TC/);
  });
});
