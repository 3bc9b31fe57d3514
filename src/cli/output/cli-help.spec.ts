import { Command, Option } from 'commander';
import { commanderErrorDocument, commanderErrorVi, helpLang, localizeHelp } from './cli-help';

/** A program shaped as src/cli.ts's: the global options, a command with options and one with an argument. */
function program(): Command {
  const p = new Command('dti').description('DTI assessment platform: command line');
  p.addOption(new Option('--lang <lang>', 'language of the output').choices(['vi', 'en']).default('vi').env('DTI_LANG'));
  p.option('--json', 'print one JSON document');
  p.command('score').description('score the units of a data file').requiredOption('--data <file>', 'unit data').action(() => undefined);
  p.command('publication:verify').description('recompute a publication').argument('<id>', 'publication id').action(() => undefined);
  return p;
}

describe('--help in the language', () => {
  it('reads the language from --lang (either form), else DTI_LANG, else Vietnamese', () => {
    expect(helpLang(['node', 'dti', '--lang', 'en', '--help'], {})).toBe('en');
    expect(helpLang(['node', 'dti', 'score', '--lang=en', '--help'], {})).toBe('en');
    expect(helpLang(['node', 'dti', '--help'], { DTI_LANG: 'en' })).toBe('en');
    expect(helpLang(['node', 'dti', '--lang', 'vi'], { DTI_LANG: 'en' })).toBe('vi');
    expect(helpLang(['node', 'dti', '--help'], {})).toBe('vi');
  });

  it("is Vietnamese by default: titles, the program's, commands', options' and arguments' descriptions", () => {
    const vi = program();
    localizeHelp(vi, 'vi');
    const top = vi.helpInformation();
    expect(top).toMatch(/^Cách dùng: dti /);
    expect(top).toContain('Nền tảng đánh giá DTI: dòng lệnh');
    expect(top).toContain('Tùy chọn:');
    expect(top).toContain('Lệnh:');
    expect(top).toContain('hiện trợ giúp của lệnh');
    expect(top).toContain('tính điểm các đơn vị');
    expect(top).not.toMatch(/Usage|Options:|Commands:|display help|choices:|default:|score the units/);
    const verify = vi.commands.find((c) => c.name() === 'publication:verify')!.helpInformation();
    expect(verify).toContain('Tham số:');
    expect(verify).toContain('mã bản công bố');
    expect(vi.commands.find((c) => c.name() === 'score')!.helpInformation()).toContain('dữ liệu đơn vị: .csv (UTF-8)');
  });

  it('leaves the English of src/cli.ts with --lang en', () => {
    const en = program();
    localizeHelp(en, 'en');
    const top = en.helpInformation();
    expect(top).toMatch(/^Usage: dti /);
    expect(top).toContain('score the units of a data file');
    expect(top).not.toMatch(/Cách dùng|Lệnh:/);
  });

  it("says commander's refusals of a command line in Vietnamese by default", () => {
    const vi = program();
    localizeHelp(vi, 'vi');
    const said: string[] = [];
    vi.exitOverride();
    for (const command of vi.commands) command.exitOverride().configureOutput({ writeErr: (t) => void said.push(t), writeOut: () => undefined });
    vi.configureOutput({ writeErr: (t) => void said.push(t), writeOut: () => undefined });
    const refuse = (...argv: string[]) => {
      said.length = 0;
      expect(() => vi.parse(argv, { from: 'user' })).toThrow();
      return said.join('');
    };
    expect(refuse('score')).toBe("lỗi: thiếu tùy chọn bắt buộc '--data <file>'\n");
    expect(refuse('publication:verify')).toBe("lỗi: thiếu tham số bắt buộc 'id'\n");
    expect(refuse('scor')).toBe("lỗi: không có lệnh 'scor'\n(Có phải ý là score?)\n");
    expect(refuse('--lang', 'fr', 'score')).toBe("lỗi: giá trị 'fr' của tùy chọn '--lang <lang>' không hợp lệ; chọn một trong: vi, en\n");
    expect(commanderErrorVi("error: too many arguments for 'publication:verify'. Expected 1 argument but got 2.")).toBe('lỗi: thừa tham số: cần 1, nhận 2');
  });

  it('with --json refuses a command line as one JSON document on stdout (code and message in the language), nothing on stderr, exit 1', () => {
    const refuse = (lang: 'vi' | 'en', ...argv: string[]) => {
      const p = program();
      localizeHelp(p, lang, true);
      const out: string[] = [];
      const err: string[] = [];
      let exit: number | undefined;
      for (const command of [p, ...p.commands]) {
        command.exitOverride((e) => {
          exit = e.exitCode;
          throw e;
        });
        command.configureOutput({ writeOut: (t) => void out.push(t) });
      }
      // commander's own writeErr (process.stderr) is left in place: nothing may reach it.
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((t) => {
        err.push(String(t));
        return true;
      });
      try {
        expect(() => p.parse(['--json', ...argv], { from: 'user' })).toThrow();
      } finally {
        stderr.mockRestore();
      }
      expect(err).toEqual([]);
      expect(exit).toBe(1);
      expect(out).toHaveLength(1);
      return JSON.parse(out[0]) as unknown;
    };
    expect(refuse('vi', 'score', '--data', 'x.csv', '--frobnicate')).toEqual({ ok: false, error: { code: 'commander.unknownOption', message: "không có tùy chọn '--frobnicate'" } });
    expect(refuse('en', 'score', '--data', 'x.csv', '--frobnicate')).toEqual({ ok: false, error: { code: 'commander.unknownOption', message: "unknown option '--frobnicate'" } });
    expect(refuse('vi', 'publication:verify')).toEqual({ ok: false, error: { code: 'commander.missingArgument', message: "thiếu tham số bắt buộc 'id'" } });
    expect(refuse('en', 'score')).toEqual({ ok: false, error: { code: 'commander.missingMandatoryOptionValue', message: "required option '--data <file>' not specified" } });
    expect(refuse('vi', 'scor')).toEqual({ ok: false, error: { code: 'commander.unknownCommand', message: "không có lệnh 'scor' (Có phải ý là score?)" } });
  });

  it("names commander's refusals by commander's codes, 'commander.error' for one it does not know", () => {
    const code = (text: string) => (JSON.parse(commanderErrorDocument(text, 'en')) as { error: { code: string } }).error.code;
    expect(code("error: option '--lang <lang>' argument 'fr' is invalid. Allowed choices are vi, en.\n")).toBe('commander.invalidArgument');
    expect(code("error: option '--data <file>' argument missing\n")).toBe('commander.optionMissingArgument');
    expect(code("error: too many arguments for 'publication:verify'. Expected 1 argument but got 2.\n")).toBe('commander.excessArguments');
    expect(code('error: something new\n')).toBe('commander.error');
  });
});
