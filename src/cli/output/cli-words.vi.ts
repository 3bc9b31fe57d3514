import { BENCH_WORDS_VI } from './bench-words.vi';
import { DEMO_WORDS_VI } from './demo-words.vi';

/**
 * The command line's own words in Vietnamese (the default language). Numbers reach these functions already
 * formatted in the language's way (0,9283; 1.234,5), so that a sentence never decides how a number looks.
 * What a lower layer says (a framework file's schema problems, a service's refusal) is passed through as it is.
 */
export const CLI_WORDS_VI = {
  problems: (n: string) => `${n} lỗi`,
  andMore: (n: string) => `... và ${n} lỗi khác`,
  line: (n: string) => `dòng ${n}`,
  wholeFile: '(cả tệp)',
  row: (n: string) => `dòng ${n}`,
  column: (name: string) => `cột ${name}`,
  note: 'ghi chú',
  error: 'lỗi',

  frameworkValid: (code: string, version: string) => `hợp lệ (${code} ${version})`,
  frameworkStored: (code: string, version: string, id: string) => `đã lưu ${code} ${version} (${id})`,
  unitsLoaded: (created: string, updated: string, unchanged: string) => `tạo mới ${created}, cập nhật ${updated}, không đổi ${unchanged}`,
  adminCreated: (email: string, id: string) => `đã tạo tài khoản quản trị ${email} (${id})`,
  publicationVerified: 'đã kiểm chứng (mã băm của ảnh chụp, kết quả tính lại và kết quả công bố đều khớp)',
  embeddedCopy: {
    table: (table: string, rows: string) => `${table}: ${rows} dòng`,
    copied: (tables: string, rows: string, target: string) => `đã chép ${rows} dòng của ${tables} bảng sang ${target}`,
    migrationsDiffer: (missing: string) =>
      `không chép: lược đồ của hai cơ sở dữ liệu khác nhau (${missing ? `đích thiếu ${missing}` : 'đích mới hơn phiên bản này'})`,
    targetNotEmpty: (table: string) => `không chép: cơ sở dữ liệu đích đã có dữ liệu (bảng ${table}); hãy chép vào một cơ sở dữ liệu mới`,
    targetMustBe: '--to phải là địa chỉ postgres://[người dùng@]máy[:cổng]/tên của một PostgreSQL thật',
  },

  dataMustBe: 'tệp dữ liệu phải là .csv hoặc .xlsx',
  outputMustBe: 'tệp kết quả phải là .csv hoặc .xlsx',
  outputWouldOverwrite: 'tệp kết quả sẽ ghi đè lên tệp dữ liệu',
  cannotReadFramework: (why: string) => `không đọc được tệp bộ chỉ số (${why})`,
  frameworkProblems: (n: string) => `${n} lỗi trong tệp bộ chỉ số:`,
  dataProblems: (n: string) => `${n} lỗi; không ghi gì cả:`,
  engineRefused: (why: string) => `bộ máy tính điểm không tính được bộ chỉ số này: ${why}`,
  /** What was detected in a CSV file, said first so that a refusal reads against it. */
  dialect: (separator: string, decimalComma: boolean, bom: boolean) =>
    `CSV UTF-8, phân tách ${separator === '\t' ? 'tab' : `'${separator}'`}, dấu thập phân '${decimalComma ? ',' : '.'}', ${bom ? 'có BOM' : 'không BOM'}`,
  scored: (code: string, version: string, units: string, ranked: string) => `${code} ${version}: đã tính ${units} đơn vị, xếp hạng ${ranked}`,
  writtenTo: (path: string) => `đã ghi vào ${path}`,
  scoreHeaders: { rank: 'Hạng', code: 'Mã', name: 'Tên', index: 'Chỉ số', groupRank: 'Hạng trong nhóm', note: 'Ghi chú' },
  /** users:create-admin's refusals: the option, then the rule it breaks (the DTO's constraint names). */
  admin: {
    options: { email: '--email', fullName: '--name', password: '--password (hoặc ADMIN_PASSWORD)' } as Record<string, string>,
    rules: (min: number, max: number): Record<string, string> => ({
      isEmail: 'không phải địa chỉ e-mail hợp lệ',
      maxLength: 'quá dài',
      isString: 'còn thiếu',
      isLength: `phải dài từ ${min} đến ${max} ký tự`,
    }),
  },
  /** A data file that cannot be read at all: src/cli/score-file/read-data-file.ts. */
  file: {
    wrongKind: 'tệp dữ liệu phải là .csv (UTF-8) hoặc .xlsx; hãy lưu tệp .xls hoặc .ods thành .xlsx',
    cannotRead: (why: string) => `không đọc được tệp (${why})`,
    tooLarge: (bytes: string, limit: string, mb: string) => `tệp có ${bytes} byte, vượt giới hạn ${limit} (${mb} MB)`,
    emptyHeader: 'dòng 1 phải là dòng tiêu đề (code, name, mã các chỉ tiêu...), nhưng nó trống',
    notUtf8: 'tệp không phải văn bản UTF-8; hãy lưu dạng "CSV UTF-8" (hoặc .xlsx)',
    notCsv: (why: string) => `không phải tệp CSV hợp lệ: ${why}`,
    tooManyRows: (rows: string, limit: string) => `${rows} dòng, vượt giới hạn ${limit}`,
    tooManyColumns: (row: string, columns: string, limit: string) => `dòng ${row} có ${columns} cột, vượt giới hạn ${limit}`,
    sheet: (first: boolean, name: string) => (first ? 'trang tính đầu tiên' : `trang tính "${name}"`),
    sheetTooManyRows: (sheet: string, limit: string) => `${sheet} có hơn ${limit} dòng (giới hạn)`,
    sheetTooManyColumns: (where: string, row: string, column: string, limit: string) => `${where}dòng ${row} tới cột ${column}, vượt giới hạn ${limit}`,
    notXlsx: (why: string) => `không đọc được tệp .xlsx (${why})`,
  },
  /** The Ghi chú of a unit in the score table: src/cli/score-file/write-score-file.ts and missing-notes.ts. */
  notes: {
    screenedOut: (why?: string) => `bị loại khi sàng lọc${why ? `: ${why}` : ''}`,
    noIndex: 'không có chỉ số: mọi chỉ tiêu đều thiếu',
    notRanked: 'không xếp hạng',
    empty: (leaves: string[], what: string, policy: string) => `${leaves.join(', ')}: trống — ${what} (${policy})`,
    zero: 'tính 0 điểm',
    zeroNoMean: 'không có giá trị để lấy trung bình, tính 0 điểm',
    dropped: 'bỏ qua, chia lại trọng số',
    imputed: (mean: string) => `thay bằng trung bình ${mean}`.trimEnd(),
    notCounted: 'không tính',
  },
  /** A data file's problems and notes (cli score): src/cli/score-file/units-from-rows.ts. */
  data: {
    at: (row: number, column?: string) => (column === undefined ? `dòng ${row}` : `dòng ${row}, cột ${column}`),
    unknownColumn: (column: string, framework: string, hint: { near?: string; parts?: string[] }) =>
      `không rõ cột "${column}": không phải chỉ tiêu của ${framework}, cũng không phải code, name hay ranked` +
      (hint.near ? `; có phải ý là ${hint.near}?` : hint.parts ? `; ${column} có một cột cho mỗi đầu vào: ${hint.parts.join(', ')}` : '; cột nhóm phải khai báo bằng --groups'),
    notANumber: (value: string) => `${value} không phải là số`,
    useDot: ' (dùng dấu chấm cho phần thập phân)',
    ambiguous: (text: string, whole: string, part: string) =>
      ` (trong tệp phân tách bằng ';' dấu phẩy là dấu thập phân và dấu chấm phân cách hàng nghìn, nên ${text} có thể là cả hai: viết ${whole}${part} hoặc ${whole},${part})`,
    notYesNo: (value: string) => `${value} không phải giá trị có/không: viết true/false, 1/0 hoặc có/không`,
    notAnOption: (value: string, options: string[]) => `${value} không phải một trong các lựa chọn: ${options.join(', ')}`,
    pointsOutside: (n: string, max: string) => `${n} điểm nằm ngoài 0..${max}`,
    notWhole: (n: string) => `${n} không phải số nguyên`,
    outside: (n: string, min: string, max: string) => `${n} nằm ngoài ${min}..${max}`,
    onePerInput: 'cần một cột cho mỗi đầu vào',
    unnamedColumn: (index: number) => `có giá trị ở cột ${index}, cột không có tên ở dòng 1`,
    columnTwice: (name: string, first: number, second: number) => `cột ${name} có hai lần (cột ${first} và ${second})`,
    noKnownColumn: (framework: string, readAs: string) => `không cột nào của dòng tiêu đề thuộc ${framework}: ${readAs}`,
    headerReadAs: (count: number, separator: string, shown: string) =>
      `dòng 1 được đọc thành ${count} cột phân tách bằng ${separator}: ${shown}; trong Excel hãy lưu tệp dạng "CSV UTF-8 (Comma delimited)" (hoặc với ';' làm dấu phân tách), hoặc dạng .xlsx`,
    headerNeeded: 'dòng 1 phải có code, name và mã các chỉ tiêu',
    noCodeColumn: 'không có cột code: mỗi dòng cần mã đơn vị của nó',
    groupNotInFile: (group: string) => `cột nhóm ${group} được khai báo nhưng không có trong tệp`,
    notAGroup: (group: string) => `${group} không thể là cột nhóm: đó là một chỉ tiêu, một mẫu số hoặc một cột dành riêng`,
    partMissing: (column: string, leaf: string, wanted: string[]) => `thiếu cột ${column}: ${leaf} cần đủ ${wanted.join(', ')}`,
    codeMissing: 'thiếu mã đơn vị',
    codeTwice: (code: string, row: number) => `đơn vị ${code} có hai lần: cả ở dòng ${row}`,
    partsIncomplete: (given: string[], leaf: string) => `để trống trong khi đã có ${given.join(', ')}: nhập đủ các đầu vào của ${leaf} hoặc bỏ trống tất cả`,
    noColumnFor: (count: number, leaves: string[], policy: string) => `không có cột cho ${count} chỉ tiêu (${leaves.join(', ')}): thiếu ở mọi đơn vị (missing: ${policy})`,
    noGroupColumn: (group: string) => `bộ chỉ số nhóm các đơn vị theo ${group}, và tệp không có cột đó: mọi đơn vị thuộc một nhóm`,
  },
  demo: DEMO_WORDS_VI,
  bench: BENCH_WORDS_VI,
};

export type CliWords = typeof CLI_WORDS_VI;
