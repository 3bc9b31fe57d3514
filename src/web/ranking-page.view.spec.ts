import { createViewEnvironment } from './view-setup';

describe("the ranking table's change of rank (views/ranking-change.njk)", () => {
  const env = createViewEnvironment();
  const words: Record<string, string> = { 'pub.change.up': 'Tăng', 'pub.change.down': 'Giảm', 'pub.change.same': 'Giữ nguyên hạng', 'pub.change.none': 'Không có số liệu năm trước' };
  const render = (change: { direction: string | null; places: number | null }) =>
    env
      .renderString('{% from "ranking-change.njk" import rankChange with context %}{{ rankChange(change) }}', { change, t: (key: string) => words[key] ?? key })
      .replace(/\s+/g, ' ')
      .trim();

  it('shows an unchanged rank as a plain "=" (U+003D), never the full-width "＝" that common fonts draw as an empty box', () => {
    const html = render({ direction: 'same', places: 0 });
    expect(html).toBe('<span class="change change--same"><span aria-hidden="true">=</span><span class="visually-hidden">Giữ nguyên hạng</span></span>');
    expect(html).not.toContain('\uFF1D');
  });

  it('shows a rise and a fall as an arrow and the places, and no figures as a dash, each said in words for a screen reader', () => {
    expect(render({ direction: 'up', places: 3 })).toBe('<span class="change change--up"><span aria-hidden="true">▲</span><span class="visually-hidden">Tăng</span> 3</span>');
    expect(render({ direction: 'down', places: -2 })).toBe('<span class="change change--down"><span aria-hidden="true">▼</span><span class="visually-hidden">Giảm</span> 2</span>');
    expect(render({ direction: null, places: null })).toBe('<span class="muted">—<span class="visually-hidden">Không có số liệu năm trước</span></span>');
  });
});
