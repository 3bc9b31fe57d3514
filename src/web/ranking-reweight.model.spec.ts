import type { PublicReweighting } from '../publications/reweighting';
import { buildReweightPanel } from './ranking-reweight.model';
import { createViewEnvironment } from './view-setup';

const reweighting = (): PublicReweighting => ({
  version: 1,
  scale: 1,
  precision: 4,
  withinGroups: true,
  available: true,
  rootAggregation: 'points',
  mean: 'weighted_mean',
  parts: [
    { code: 'NT', nameVi: 'Nhận thức số', nameEn: 'Digital awareness', weight: 0.15 },
    { code: 'HD', nameVi: '</script><b>Hoạt động</b>', nameEn: null, weight: 0.85 },
  ],
  units: [{ code: '01', group: 'with_public_services', ranked: true, rank: 1, index: 0.5, values: [0.4, 0.6] }],
});

describe('the ranking page’s re-weighting section (ranking-reweight.model.ts, views/ranking-reweight.njk)', () => {
  const render = (reweight: unknown) => createViewEnvironment().render('ranking-reweight.njk', { reweight, assets: '/assets' });

  it('is absent where the index cannot be re-weighted from the published parts', () => {
    expect(buildReweightPanel({ version: 1, scale: 1, precision: 4, withinGroups: false, units: [], available: false, reason: 'one_part' }, 'vi')).toBeNull();
    expect(render(null).trim()).toBe('');
  });

  it('has a labelled slider per part at its official weight, hidden until the script runs, its words in the page’s language', () => {
    const vi = buildReweightPanel(reweighting(), 'vi')!;
    expect(vi.sliders.map((s) => [s.code, s.label, s.official, s.officialNote])).toEqual([
      ['NT', 'Nhận thức số', 0.15, 'Chính thức: 0,15'],
      ['HD', '</script><b>Hoạt động</b>', 0.85, 'Chính thức: 0,85'],
    ]);
    const html = render(vi);
    expect(html).toContain('<details class="reweight" id="tu-chon-trong-so" hidden>');
    expect(html).toContain('<summary>Tự chọn trọng số</summary>');
    expect(html).toContain('<label for="reweight-0">Nhận thức số <span class="muted">(NT)</span></label>');
    expect(html).toMatch(/<input type="range" id="reweight-0" data-part="0" min="0" max="1" step="0.01" value="0.15" aria-describedby="reweight-0-official">/);
    expect(html).toContain('>Trọng số chính thức</button>');
    // A points index, ranked within groups: both said.
    expect(html).toContain('trọng số chính thức của mỗi thành phần là phần của nó trong tổng điểm tối đa');
    expect(html).toContain('xếp hạng trong nhóm của mình');
    // Names are escaped in the markup and in the JSON block alike.
    expect(html).not.toContain('<b>Hoạt động</b>');
    const json = /<script type="application\/json" id="reweight-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(JSON.parse(json)).toMatchObject({ mean: 'weighted_mean', withinGroups: true, locale: 'vi-VN', decimals: 4, units: reweighting().units });

    const en = buildReweightPanel(reweighting(), 'en')!;
    expect(en.sliders.map((s) => s.label)).toEqual(['Digital awareness', '</script><b>Hoạt động</b>']);
    expect(en.words.summary).toBe('Choose your own weights');
    expect(en.data.text.up).toBe('up {places} from official rank {rank}');
    expect(en.data.locale).toBe('en-GB');
  });
});
