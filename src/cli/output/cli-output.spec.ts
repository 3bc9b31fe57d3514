import { DomainException } from '../../common/domain.exception';
import { ErrorCode } from '../../common/error-code';
import { UnitRegistryFileError } from '../../units/unit-registry.loader';
import { CliOutput, cliLang } from './cli-output';
import { reportError } from './report-error';

function captured(lang: 'vi' | 'en', json: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  return { output: new CliOutput(lang, json, { out: (t) => out.push(t), err: (t) => err.push(t) }), out, err };
}

describe('CliOutput', () => {
  it('writes numbers in the language: a decimal comma and dots between thousands in Vietnamese, the reverse in English', () => {
    const vi = new CliOutput('vi');
    const en = new CliOutput('en');
    expect([vi.number(0.9283), vi.number(1234.5), vi.number(0.928, 4), vi.number(1234567)]).toEqual(['0,9283', '1.234,5', '0,9280', '1.234.567']);
    expect([en.number(0.9283), en.number(1234.5), en.number(0.928, 4), en.number(1234567)]).toEqual(['0.9283', '1,234.5', '0.9280', '1,234,567']);
    // From `digits` up to `most` decimals: a measurement.
    expect([vi.number(1.5, 0, 2), vi.number(1.256, 0, 2), vi.number(19578, 0, 2), en.number(5.5812, 0, 2)]).toEqual(['1,5', '1,26', '19.578', '5.58']);
  });

  it('takes vi or en, Vietnamese for anything else (commander refuses other values before a command runs)', () => {
    expect([cliLang('en'), cliLang('vi'), cliLang(undefined), cliLang('fr')]).toEqual(['en', 'vi', 'vi', 'vi']);
  });

  it('with --json prints only the document on stdout; human lines and notes are dropped, steps go to stderr', () => {
    const json = captured('vi', true);
    json.output.say('bảng');
    json.output.tell('ghi chú');
    json.output.step('bước');
    json.output.document({ ok: true, n: 1 });
    expect(json.out).toEqual([JSON.stringify({ ok: true, n: 1 }, null, 2)]);
    expect(json.err).toEqual(['\n▸ bước']);

    const human = captured('vi', false);
    human.output.say('bảng');
    human.output.tell('ghi chú');
    human.output.step('bước');
    human.output.detail('chi tiết');
    human.output.document({ ok: true });
    expect(human.out).toEqual(['bảng', '\n▸ bước', '      chi tiết']);
    expect(human.err).toEqual(['ghi chú']);
  });

  it("says a long command's progress on stderr, with or without --json", () => {
    for (const json of [false, true]) {
      const run = captured('vi', json);
      run.output.progress('bench: engine…');
      expect([run.out, run.err]).toEqual([[], ['bench: engine…']]);
    }
  });
});

describe('reportError (a command that threw)', () => {
  it('with --json: one document on stdout with the code, the message and the details', () => {
    const refused = captured('vi', true);
    const details = [{ field: 'email', rule: 'unique', message: 'already used' }];
    reportError(new DomainException(ErrorCode.Conflict, 'the e-mail is taken', details), refused.output);
    expect(refused.out.map((t) => JSON.parse(t) as unknown)).toEqual([{ ok: false, error: { code: ErrorCode.Conflict, message: 'the e-mail is taken', details } }]);
    expect(refused.err).toEqual([]);

    const registry = captured('en', true);
    reportError(new UnitRegistryFileError(['provinces.yaml: code 01 twice']), registry.output);
    expect(JSON.parse(registry.out[0])).toEqual({
      ok: false,
      error: { code: 'UnitRegistryFileError', message: expect.stringContaining('1 problem(s)'), details: ['provinces.yaml: code 01 twice'] },
    });
  });

  it('without --json: the message and each detail on stderr, nothing on stdout', () => {
    const lines: unknown[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(line));
    try {
      const human = captured('vi', false);
      reportError(new DomainException(ErrorCode.Conflict, 'the e-mail is taken', [{ field: 'email', rule: 'unique', message: 'already used' }]), human.output);
      expect(human.out).toEqual([]);
      expect(lines).toEqual(['the e-mail is taken', '  email: already used [unique]']);
    } finally {
      spy.mockRestore();
    }
  });
});
