import { canonicalJson } from '../common/canonical-json';
import { sectionIn } from './snapshot-section';

describe('sectionIn (a snapshot section read from the beginning of the canonical text)', () => {
  const analysis = { format: 'dti-analysis/1', units: [{ code: 'A "quoted" }{', q05: 1, pTop: 0.5 }], sensitivity: null, note: 'Hà Nội, [x]' };
  const snapshot = canonicalJson({ format: 'dti-publication/1', cycle: { id: 'c' }, analysis, results: [] });

  it('finds the section at the start of the text, whatever its strings hold', () => {
    expect(snapshot.startsWith('{"analysis":')).toBe(true);
    expect(JSON.parse(sectionIn(snapshot, 'analysis') as string)).toEqual(analysis);
  });

  it('says the text ended (undefined) when it stops inside the section, at any point', () => {
    const end = '{"analysis":'.length + canonicalJson(analysis).length;
    for (let cut = 0; cut < end; cut++) expect(sectionIn(snapshot.slice(0, cut), 'analysis')).toBeUndefined();
    expect(sectionIn(snapshot.slice(0, end), 'analysis')).toBe(canonicalJson(analysis));
  });

  it('says a snapshot without sections (as one made before them) has none', () => {
    expect(sectionIn(canonicalJson({ format: 'dti-publication/1', cycle: { id: 'c' } }), 'analysis')).toBeNull();
    expect(sectionIn('{"cycle":', 'analysis')).toBeNull();
  });

  it('reads scalar sections to their end', () => {
    expect(sectionIn('{"analysis":12.5,"cycle":{}}', 'analysis')).toBe('12.5');
    expect(sectionIn('{"analysis":null}', 'analysis')).toBe('null');
  });
});
