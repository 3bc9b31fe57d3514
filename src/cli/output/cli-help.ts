import type { Command } from 'commander';
import { cliLang, type CliLang } from './cli-output';

/**
 * --help in the output's language. Commander prints help before the program's options are parsed, so the language
 * is read here from argv (--lang en, --lang=en) and DTI_LANG. The descriptions written in src/cli.ts are the English
 * ones; in Vietnamese (the default) they are replaced by these, keyed by the command's name and the option's flag.
 */

export function helpLang(argv: readonly string[], env: NodeJS.ProcessEnv): CliLang {
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (at >= 0) return cliLang(argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1]);
  return cliLang(env.DTI_LANG);
}

const TITLES_VI: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Tham số:',
  'Global Options:': 'Tùy chọn chung:',
};

const PROGRAM_VI = 'Nền tảng đánh giá DTI: dòng lệnh';

const COMMANDS_VI: Record<string, string> = {
  'units:load': 'nạp danh mục đơn vị từ config/units/*.yaml (chạy lại không đổi gì)',
  'users:create-admin': 'tạo tài khoản quản trị (mật khẩu từ --password hoặc ADMIN_PASSWORD)',
  'framework:validate': 'kiểm tra một tệp bộ chỉ số (YAML hoặc JSON): thoát 0, hoặc 1 kèm mọi lỗi',
  'framework:import': 'kiểm tra một tệp bộ chỉ số và lưu thành một phiên bản mới',
  score: 'tính điểm các đơn vị của một tệp dữ liệu (CSV hoặc XLSX) theo một tệp bộ chỉ số; không cần cơ sở dữ liệu',
  bench: 'đo hiệu năng, mỗi số đo bên cạnh mức sàn đo trong cùng lần chạy',
  'publication:verify': 'tính lại một bản công bố từ ảnh chụp của nó, kiểm tra mã băm và kết quả đã lưu: thoát 0, hoặc 1 kèm các khác biệt',
  'embedded:copy':
    'chép mọi dòng của PostgreSQL nhúng (EMBEDDED_DATA_DIR) sang một cơ sở dữ liệu PostgreSQL thật chưa có dữ liệu (tạo và chuyển đổi lược đồ nếu chưa có)',
  demo: 'chạy chu kỳ hằng năm (trên PostgreSQL và hàng đợi nhúng, trừ khi DATABASE_URL và REDIS_URL chỉ tới máy chủ thật)',
  help: 'hiện trợ giúp của một lệnh',
};

/** Option descriptions by command name ('' for the program) and long flag. */
const OPTIONS_VI: Record<string, Record<string, string>> = {
  '': {
    '--lang': 'ngôn ngữ của đầu ra: vi (0,9283, mặc định) hoặc en (0.9283); hoặc biến môi trường DTI_LANG',
    '--json': 'in một tài liệu JSON ra stdout thay cho văn bản: {"ok": true, ...} hoặc {"ok": false, ...}; mã thoát như khi không có nó',
  },
  'units:load': { '--dir': 'thư mục các tệp đơn vị' },
  'users:create-admin': { '--name': 'họ và tên' },
  'embedded:copy': { '--to': 'đích: postgres://[người dùng[:mật khẩu]@]máy[:cổng]/cơ sở dữ liệu' },
  score: {
    '--framework': 'tệp bộ chỉ số (YAML hoặc JSON)',
    '--data': 'dữ liệu đơn vị: .csv (UTF-8) hoặc .xlsx (trang tính đầu tiên)',
    '--out': 'ghi kết quả ra .csv hoặc .xlsx thay vì in bảng',
    '--groups': 'các cột nhóm của tệp dữ liệu, cách nhau bởi dấu phẩy (ví dụ region,kind)',
    '--rank-within': 'xếp hạng thêm trong từng giá trị của cột nhóm này',
  },
};

const ARGUMENTS_VI: Record<string, Record<string, string>> = {
  bench: { suites: 'engine, scoring, workbook, http, cli-start (mặc định: tất cả các bộ này); publish (công bố, dữ liệu riêng 20.000 xã × 400 chỉ tiêu), feeds (một tháng dữ liệu qua API nhận số liệu, quy mô cấp xã), analysis (phân tích độ bất định 1.000 mẫu) và demo (demo trên trình điều khiển nhúng và thật), chỉ khi được nêu tên' },
  'publication:verify': { id: 'mã bản công bố' },
};

const HELP_OPTION_VI = 'hiện trợ giúp của lệnh';

/**
 * Commander's refusals of a command line (its messages are English), in Vietnamese, each with commander's own code
 * (CommanderError.code, which outputError is not given); the first that matches wins.
 */
const ERRORS_VI: Array<[RegExp, string, string?]> = [
  [/error: missing required argument '(.+?)'/, "lỗi: thiếu tham số bắt buộc '$1'", 'commander.missingArgument'],
  [/error: option '(.+?)' argument missing/, "lỗi: tùy chọn '$1' thiếu giá trị", 'commander.optionMissingArgument'],
  [/error: required option '(.+?)' not specified/, "lỗi: thiếu tùy chọn bắt buộc '$1'", 'commander.missingMandatoryOptionValue'],
  [/error: option '(.+?)' argument '(.*?)' is invalid\. Allowed choices are (.+)\./, "lỗi: giá trị '$2' của tùy chọn '$1' không hợp lệ; chọn một trong: $3", 'commander.invalidArgument'],
  [/error: unknown option '(.+?)'/, "lỗi: không có tùy chọn '$1'", 'commander.unknownOption'],
  [/error: unknown command '(.+?)'/, "lỗi: không có lệnh '$1'", 'commander.unknownCommand'],
  [/error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./, 'lỗi: thừa tham số: cần $2, nhận $3', 'commander.excessArguments'],
  [/\(Did you mean one of (.+)\?\)/, '(Có phải ý là một trong $1?)'],
  [/\(Did you mean (.+)\?\)/, '(Có phải ý là $1?)'],
  [/^error: /, 'lỗi: '],
];

/** A commander error message in Vietnamese (each pattern applied once, so that a suggestion is said too). */
export function commanderErrorVi(message: string): string {
  let out = message;
  let said = false;
  for (const [pattern, words] of ERRORS_VI) {
    if (said && pattern.source.startsWith('^error')) continue;
    if (pattern.test(out)) {
      out = out.replace(pattern, words);
      said ||= pattern.source.startsWith('error');
    }
  }
  return out;
}

/**
 * A commander refusal as the --json document of a refused command (src/cli/output/report-error.ts): `{ "ok": false,
 * "error": { "code": "commander.unknownOption", "message": "…" } }`, its message in the language, on one line.
 */
export function commanderErrorDocument(text: string, lang: CliLang): string {
  const code = ERRORS_VI.find(([pattern, , code]) => code !== undefined && pattern.test(text))?.[2] ?? 'commander.error';
  const message = (lang === 'vi' ? commanderErrorVi(text) : text)
    .trim()
    .replace(/^(error|lỗi): /, '')
    .replace(/\s*\n\s*/g, ' ');
  return `${JSON.stringify({ ok: false, error: { code, message } }, null, 2)}\n`;
}

/** With --json a refused command line is one document on stdout, as any refusal is: no text, no help after it on stderr. */
function refuseAsJson(command: Command, lang: CliLang): void {
  command.configureOutput({
    outputError: (text) => command.configureOutput().writeOut?.(commanderErrorDocument(text, lang)),
    writeErr: () => undefined,
  });
}

/**
 * Puts the Vietnamese descriptions and titles on the program and its commands (English leaves them as written), and
 * with --json (read from argv, as the language is: commander refuses a command line before parsing it) makes its
 * refusals JSON documents.
 */
export function localizeHelp(program: Command, lang: CliLang, json = process.argv.includes('--json')): void {
  if (json) for (const command of [program, ...program.commands]) refuseAsJson(command, lang);
  if (lang !== 'vi') return;
  program.description(PROGRAM_VI);
  const each = (command: Command, name: string): void => {
    // Commander's own "(choices: …, default: …, env: …)" is English: the Vietnamese descriptions say it themselves.
    command.configureHelp({ styleTitle: (title) => TITLES_VI[title] ?? title, optionDescription: (option) => option.description });
    command.helpOption('-h, --help', HELP_OPTION_VI);
    if (!json) command.configureOutput({ outputError: (text, write) => write(commanderErrorVi(text)) });
    for (const option of command.options) {
      const words = OPTIONS_VI[name]?.[option.long ?? ''];
      if (words) option.description = words;
    }
    for (const argument of command.registeredArguments) {
      const words = ARGUMENTS_VI[name]?.[argument.name()];
      if (words) argument.description = words;
    }
  };
  each(program, '');
  program.helpCommand('help [command]', COMMANDS_VI.help);
  for (const command of program.commands) {
    const words = COMMANDS_VI[command.name()];
    if (words) command.description(words);
    each(command, command.name());
  }
}
