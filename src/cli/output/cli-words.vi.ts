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
};

export type CliWords = typeof CLI_WORDS_VI;
