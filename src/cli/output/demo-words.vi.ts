/**
 * The demo's progress in Vietnamese (`dti demo`, src/cli/demo): the steps, the lines under them and the tables at
 * its end. Numbers arrive formatted (CliOutput.number); names of units and cycles arrive in the language chosen by
 * `named`. What the demo stores (cycle names, reasons, comments) is data, not these words, and never changes with
 * the language.
 */
export const DEMO_WORDS_VI = {
  /** A stored name in the output's language: Vietnamese always has one. */
  named: (thing: { nameVi: string; nameEn?: string | null }) => thing.nameVi,
  level: { province: 'cấp tỉnh', ministry: 'cấp bộ', national: 'cấp quốc gia' } as Record<'province' | 'ministry' | 'national', string>,
  /** A level's units, counted: "63 tỉnh". */
  units: { province: 'tỉnh', ministry: 'bộ, ngành', national: 'đơn vị (quốc gia)' } as Record<'province' | 'ministry' | 'national', string>,
  /** A cycle's phase, as the web app names it (src/web/i18n/vi.ts, phase.*). */
  phase: { draft: 'chuẩn bị', open: 'đang nhận phiếu', review: 'thẩm định', scoring: 'chấm điểm', published: 'đã công bố' } as Record<string, string>,

  database: (database: string, queues: string) => `cơ sở dữ liệu ${database}; hàng đợi ${queues}`,
  embeddedDatabase: (folder: string) => `PostgreSQL nhúng (PGlite, dữ liệu trong ${folder})`,
  inProcessQueues: 'trong tiến trình này',
  redisQueues: (url: string) => `trên Redis ${url}`,
  migrations: (ran: string[]) => `migration: ${ran.length ? `đã chạy ${ran.join(', ')}` : 'đã cập nhật'}`,
  registry: 'danh mục đơn vị (config/units)',
  people: 'tài khoản',
  administrator: (email: string, password: string) => `quản trị ${email} / ${password}`,
  officers: (password: string) =>
    `cán bộ đầu mối can-bo.<mã>@demo.dti.vn / ${password} (ví dụ can-bo.48@demo.dti.vn của Đà Nẵng, can-bo.btc@demo.dti.vn của Bộ Tài chính, can-bo.vn@demo.dti.vn của Việt Nam)`,
  reviewers: (last: string, password: string) => `chuyên gia thẩm định tham-dinh.01..${last}@demo.dti.vn / ${password} (01, 79 và 48 là tỉnh của ba người đầu)`,
  /** The progress of making a level's officers. */
  officersOf: { province: 'cán bộ đầu mối các tỉnh', ministry: 'cán bộ đầu mối các bộ, ngành', national: 'cán bộ đầu mối cấp quốc gia' } as Record<'province' | 'ministry' | 'national', string>,

  year: (year: number, level: string) => `DTI ${year} ${level}: mở, tự đánh giá, nhập dữ liệu, nộp, thẩm định, tính điểm, công bố`,
  alreadyPublished: (year: number, level: string) => `chu kỳ ${year} ${level} đã công bố`,
  cycle: (name: string, count: string, units: string, framework: string) => `chu kỳ ${name}: ${count} ${units}, bộ chỉ số ${framework}`,
  selfAssessments: 'phiếu tự đánh giá',
  systemValues: (applied: string, rows: string) => `hệ thống quốc gia: đã nhập ${applied} giá trị (${rows} dòng, mỗi dòng một dòng báo cáo)`,
  assignments: (count: string, reviewers: string, two: string, units: string) => `thẩm định: ${count} phân công cho ${reviewers} chuyên gia (${two} ${units} mỗi đơn vị 2 người, lấy trung vị)`,
  reviews: 'quyết định thẩm định',
  disagreement: (indicator: string, unit: string, points: string) => `chênh lệch ở ${indicator} của ${unit} được gắn cờ; trưởng nhóm chốt ${points} điểm`,
  objectionAccepted: (unit: string, indicator: string, points: string) => `khiếu nại: ${unit} ${indicator} được chấp nhận (→ ${points} điểm)`,
  objectionRejected: (unit: string, indicator: string) => `khiếu nại: ${unit} ${indicator} bị bác`,
  scoreRun: (id: string, units: string, ms: string, hash: string) => `lượt tính điểm ${id}: ${units} đơn vị trong ${ms} ms, kết quả ${hash}…`,
  published: (version: string, sha: string) => `đã công bố phiên bản ${version}, sha256 ${sha}…`,
  workbook: (scoreCard: boolean, path: string, kib: string) => `${scoreCard ? 'phiếu điểm' : 'sổ xếp hạng'} ${path} (${kib} KiB)`,

  top10: (year: number, version: string) => `DTI ${year} — cấp tỉnh (phiên bản ${version}): 10 địa phương dẫn đầu`,
  byGroup: (year: number, version: string) => `DTI ${year} — cấp bộ (phiên bản ${version}): xếp hạng theo nhóm`,
  national: (year: number, version: string, unit: string, index: string, parts: string) => `DTI ${year} — cấp quốc gia (phiên bản ${version}): ${unit}, chỉ số ${index} (${parts})`,
  table: { rank: 'Hạng', code: 'Mã', province: 'Địa phương', ministry: 'Bộ, ngành', index: 'Chỉ số', previous: 'Năm trước', change: 'Thay đổi hạng' },
  previousRank: (rank: string) => `hạng ${rank}`,
  workbooks: (paths: string) => `Sổ Excel:         ${paths}`,
  rankingPage: (port: number) => `Trang xếp hạng:   http://localhost:${port}/rankings/2023/province, …/2023/ministry, …/2024/national (sau \`npm start\`)`,
  publicApi: (port: number) => `API công khai:    http://localhost:${port}/api/v1/public/rankings/2023/province, …/2023/ministry, …/2024/national/card`,

  monitoring: 'theo dõi hằng tháng: tỷ lệ dịch vụ công trực tuyến toàn trình 2020–2023, do hệ thống quốc gia gửi qua API, công bố từng tháng',
  monitoringSeries: (name: string, from: string, to: string, months: string) => `chuỗi ${name}: ${months} tháng, ${from} đến ${to}`,
  monitoringFed: (pushes: string, late: string) => `hệ thống quốc gia đã gửi ${pushes} lần qua API (khóa API của tài khoản hệ thống), ${late} giá trị gửi muộn`,
  monitoringPublished: (months: string) => `đã đóng, tính điểm và công bố ${months} tháng`,
  monitoringErratum: (series: string, month: string, unit: string, erratum: boolean, version: string) =>
    `đính chính sau công bố: ${series} ${month}, đơn vị ${unit} (${erratum ? 'đính chính' : 'giá trị mới'}), công bố phiên bản ${version}`,
  laggards: (level: string, month: string, behind: string, of: string) => `Tháng ${month} — ${level}: ${behind}/${of} đơn vị chậm so với lộ trình mục tiêu (cần đôn đốc)`,
  laggardsNone: (level: string, month: string) => `Tháng ${month} — ${level}: không đơn vị nào chậm so với lộ trình`,
  laggardsTable: { code: 'Mã', unit: 'Đơn vị', value: 'Tỷ lệ (%)', trajectory: 'Lộ trình (%)', distance: 'Chênh lệch' },
  monitoringPage: (port: number) => `Trang theo dõi:   http://localhost:${port}/monitoring/DVCTT/province, …/DVCTT-BO/ministry (sau \`npm start\`)`,

  live: 'việc đang dở: chu kỳ cấp tỉnh 2024 đang mở, chu kỳ 2020 đang thẩm định',
  openCycle: (name: string, phase: string, submitted: string, partly: string, untouched: string) =>
    `chu kỳ ${name} (${phase}): ${submitted} đã nộp, ${partly} điền dở, ${untouched} chưa bắt đầu`,
  underWay: 'phiếu đang điền',
  reviewCycle: (name: string, phase: string, units: string, framework: string) => `chu kỳ ${name} (${phase}): ${units} tỉnh, bộ chỉ số ${framework}`,
  reviewUnderWay: (decided: string, pending: string) => `đang thẩm định: ${decided} quyết định đã có, ${pending} còn chờ`,
  done: (seconds: string) => `Xong sau ${seconds} giây.`,
};

export type DemoWords = typeof DEMO_WORDS_VI;
