import { CliOutput } from '../output/cli-output';
import { Progress } from './progress';

function captured(lang: 'vi' | 'en', json = false) {
  const out: string[] = [];
  const err: string[] = [];
  return { output: new CliOutput(lang, json, { out: (t) => out.push(t), err: (t) => err.push(t) }), out, err };
}

/** Ticks 1..total on a non-terminal (a log or a pipe): a line at each quarter. */
function run(output: CliOutput, label: string, total: number): void {
  const progress = new Progress(label, total, output, false);
  for (let done = 1; done <= total; done++) progress.tick(done);
}

describe("the demo's progress, in the output's language", () => {
  it('says the counts with dots between thousands in Vietnamese, under the step, on stdout', () => {
    const vi = captured('vi');
    run(vi.output, vi.output.words.demo.selfAssessments, 2000);
    expect(vi.out).toEqual(['      phiếu tự đánh giá: 500/2.000', '      phiếu tự đánh giá: 1.000/2.000', '      phiếu tự đánh giá: 1.500/2.000', '      phiếu tự đánh giá: 2.000/2.000']);
    expect(vi.err).toEqual([]);
  });

  it('in English with --lang en: its words and commas between thousands', () => {
    const en = captured('en');
    run(en.output, en.output.words.demo.officersOf.province, 1200);
    expect(en.out.at(-1)).toBe('      officers of the provinces: 1,200/1,200');
    expect(en.out).toHaveLength(4);
  });

  it('goes to stderr with --json, so that stdout stays the document', () => {
    const json = captured('vi', true);
    run(json.output, json.output.words.demo.reviews, 4);
    expect(json.out).toEqual([]);
    expect(json.err).toEqual(['      quyết định thẩm định: 1/4', '      quyết định thẩm định: 2/4', '      quyết định thẩm định: 3/4', '      quyết định thẩm định: 4/4']);
  });
});

describe("the demo's lines, in the output's language", () => {
  it('writes the steps and the lines under them in Vietnamese by default, numbers with a decimal comma', () => {
    const { output, out } = captured('vi');
    const words = output.words.demo;
    output.step(words.year(2022, words.level.province));
    output.detail(words.scoreRun('0f3a9c21', output.number(63), output.number(1234), 'ab12cd34ef56'));
    output.detail(words.cycle(words.named({ nameVi: 'Đánh giá DTI cấp tỉnh năm 2022', nameEn: 'Provincial DTI 2022' }), output.number(63), words.units.province, 'PDTI 2022.1'));
    output.say(words.national(2024, output.number(1), 'Việt Nam', output.number(0.92801, 4), 'Chính phủ số 0,8100'));
    output.say(words.done(output.number(83.25, 1)));
    expect(out).toEqual([
      '\n▸ DTI 2022 cấp tỉnh: mở, tự đánh giá, nhập dữ liệu, nộp, thẩm định, tính điểm, công bố',
      '      lượt tính điểm 0f3a9c21: 63 đơn vị trong 1.234 ms, kết quả ab12cd34ef56…',
      '      chu kỳ Đánh giá DTI cấp tỉnh năm 2022: 63 tỉnh, bộ chỉ số PDTI 2022.1',
      'DTI 2024 — cấp quốc gia (phiên bản 1): Việt Nam, chỉ số 0,9280 (Chính phủ số 0,8100)',
      'Xong sau 83,3 giây.',
    ]);
  });

  it('in English with --lang en, with the English names where there are ones and a decimal point', () => {
    const { output, out } = captured('en');
    const words = output.words.demo;
    output.step(words.year(2022, words.level.ministry));
    output.detail(words.scoreRun('0f3a9c21', output.number(16), output.number(1234), 'ab12cd34ef56'));
    output.detail(words.openCycle(words.named({ nameVi: 'Đánh giá DTI cấp tỉnh năm 2024', nameEn: 'Provincial DTI 2024' }), words.phase.open, '8', '17', '9'));
    output.detail(words.cycle(words.named({ nameVi: 'Đánh giá DTI cấp bộ năm 2021', nameEn: null }), output.number(16), words.units.ministry, 'MDTI 2022.1'));
    output.say(words.done(output.number(83.25, 1)));
    expect(out).toEqual([
      '\n▸ DTI 2022 ministry: open, self-assess, import, submit, review, score, publish',
      '      score run 0f3a9c21: 16 units in 1,234 ms, results ab12cd34ef56…',
      '      cycle Provincial DTI 2024 (open): 8 submitted, 17 partly filled, 9 not started',
      '      cycle Đánh giá DTI cấp bộ năm 2021: 16 ministries and agencies, framework MDTI 2022.1',
      'Done in 83.3 s.',
    ]);
  });
});
