import type { BenchFigureKey, BenchUnit } from '../../bench/bench-figure';

/** A figure's name from its numbers (already in the language's way: 10.000, 2.000.000). */
type FigureName = (p: Record<string, string>) => string;

/**
 * `dti bench`'s words in Vietnamese: the table's headings, each figure's name by its key (src/bench/bench-figure.ts),
 * the units, and the lines on stderr while it runs. Code names (engine.score, requestRun, loadScoreInputs, GET,
 * PATCH, RSS) stay as the code spells them, so that a figure can be found in the source.
 */
export const BENCH_WORDS_VI = {
  headers: { suite: 'bộ đo', figure: 'số đo', value: 'giá trị', unit: 'đơn vị', floor: 'mức sàn', ratio: 'tỉ lệ' },
  units: { 'units/s': 'đơn vị/s', 'rows/s': 'dòng/s', ms: 'ms', s: 's', MB: 'MB', 'req/s': 'yêu cầu/s', req: 'yêu cầu', '': '' } as Record<BenchUnit, string>,
  figures: {
    'engine.throughput': (p) => `engine.score ${p.units}×${p.indicators}`,
    'engine.wall': (p) => `engine.score ${p.units}×${p.indicators}, thời gian thực`,
    'engine.readAll': (p) => `engine.score ${p.units}×${p.indicators} + đọc kết quả của mọi nút`,
    'engine.compile': () => 'engine.compile',
    'scoring.requestToDone': (p) => `lượt tính điểm ${p.units}×${p.indicators}: từ yêu cầu → succeeded`,
    'scoring.processor': (p) => `lượt tính điểm ${p.units}×${p.indicators}: riêng job của processor`,
    'scoring.requestRun': () => '  trong đó requestRun (API: nạp + băm + đưa vào hàng đợi)',
    'scoring.loadScoreInputs': () => '  bước: loadScoreInputs',
    'scoring.hashInputs': () => '  bước: hashInputs',
    'scoring.computeScores': () => '  bước: computeScores',
    'scoring.hashResults': () => '  bước: hashResults',
    'scoring.write': () => '  bước: ghi kết quả (processor − các bước trên)',
    'scoring.floorSelect': (p) => `  mức sàn: SELECT ${p.answers} câu trả lời`,
    'scoring.floorCopy': (p) => `  mức sàn: COPY ${p.results} dòng kết quả (${p.megabytes} MB jsonb khi lưu)`,
    'scoring.attempts': () => '  số lần processor chạy (1 = không kẹt, không thử lại)',
    'workbook.exportProcess': (p) => `sổ xếp hạng ${p.units} đơn vị: tiến trình xuất, heap ${p.heapMb} MB (nhanh nhất trong ${p.runs} lần)`,
    'workbook.peakRss': (p) => `  RSS cao nhất của tiến trình xuất (mục tiêu < 300 MB; cao nhất trong ${p.runs} lần)`,
    'workbook.uncappedTime': () => '  cùng hàm, tiến trình không giới hạn heap: thời gian',
    'workbook.uncappedRss': () => '  cùng hàm, tiến trình không giới hạn heap: RSS cao nhất',
    'workbook.baselineRss': () => '  RSS của tiến trình đó trước khi ghi (Node, đã nạp module)',
    'workbook.fileSize': () => '  kích thước tệp',
    'workbook.floorMatrix': (p) => `  ma trận mức sàn: ${p.rows} dòng, ${p.cells} ô trong ${p.sheets} trang tính`,
    'workbook.publish': () => '  công bố lượt tính (ảnh chụp đầu vào và kết quả; không phải số đo)',
    'http.saves': (p) => `lưu phiếu, ${p.clients} máy khách, PATCH …/submission/answers: thông lượng`,
    'http.p99': () => '  độ trễ p99',
    'http.p50': () => '  độ trễ p50',
    'http.savesFloor': () => '  so với lần lưu trần (kiểm JWT, một giao dịch upsert đúng 10 dòng, cùng pool): thông lượng',
    'http.p99Floor': () => '  độ trễ p99 so với lần lưu trần',
    'http.total': (p) => `  số lần lưu trong ${p.seconds} s (mức sàn: GET /health)`,
    'http.refused': () => '  lần lưu không 200 (409 và khác) + lỗi kết nối',
    'http.ranking': (p) => `bảng xếp hạng công khai ${p.units} đơn vị, GET (trung vị của ${p.reads} lần)`,
    'http.rankingSize': () => '  kích thước phản hồi',
    'feeds.push': (p) => `đẩy số liệu một tháng qua API nhận số liệu: ${p.units} xã × ${p.indicators} chỉ tiêu, các yêu cầu PUT mỗi yêu cầu ${p.rows} dòng (mức sàn: COPY cùng số dòng trong một giao dịch)`,
    'feeds.request': (p) => `  một yêu cầu ${p.rows} dòng, trung vị (mức sàn: phần COPY của ${p.rows} dòng)`,
    'feeds.requestMax': () => '  yêu cầu chậm nhất',
    'feeds.rate': () => '  tốc độ ghi (mức sàn: COPY)',
    'feeds.repeat': () => '  đẩy lại cùng tháng, mọi giá trị không đổi',
    'cliStart.cold': () => 'dti --help, khởi động lạnh: biên dịch toàn bộ rồi chạy',
    'cliStart.second': () => 'dti --help, lần chạy thứ hai, không đổi gì',
    'cliStart.changed': () => 'dti --help sau khi sửa một tệp (biên dịch tăng dần)',
    'cliStart.npx': () => 'npx dti --help, không đổi gì',
    'demo.embedded': () => 'npm run demo trên PostgreSQL nhúng và hàng đợi trong tiến trình (mức sàn: trên PostgreSQL và Redis)',
    'demo.servers': () => '  npm run demo trên PostgreSQL và Redis',
    'whatif.median': (p) => `nếu-thì của một đơn vị cùng ba bước rẻ nhất, ${p.units}×${p.indicators}, trung vị của ${p.runs} lần (mức sàn: chỉ phần nếu-thì)`,
    'whatif.p95': (p) => `  như trên, p95 của ${p.runs} lần`,
    'whatif.basis': (p) => `  dữ liệu nền chuẩn bị và chấm một lần (bộ nhớ đệm), ${p.units}×${p.indicators}`,
    'analysis.samples': (p) => `phân tích độ bất định ${p.units}×${p.indicators}, ${p.samples} mẫu trọng số ±25 % và cách tổng hợp (sàn: ${p.samples} × các bước sau của bộ máy tính điểm, đo trên ${p.runs} lần)`,
    'analysis.repeat': (p) => `  cùng hạt giống chạy lại, ${p.samples} mẫu: cùng kết quả (1 = hai mã băm bằng nhau)`,
  } as Record<BenchFigureKey, FigureName>,
  making: (units: string, indicators: string) => `bench: đang tạo ${units} xã × ${indicators} chỉ tiêu trong một cơ sở dữ liệu riêng…`,
  running: (suite: string) => `bench: ${suite}…`,
  data: (timings: string, url: string, kept: boolean) => `bench: dữ liệu ${timings}; cơ sở dữ liệu ${url} ${kept ? 'được giữ lại' : 'đã xoá'}`,
  machine: (m: { cpus: string; model: string; ram: string; node: string; postgres: string; platform: string; date: string; seconds: string; loadStart: string; loadEnd: string }) =>
    `máy: ${m.cpus} × ${m.model}, RAM ${m.ram} GiB, Node ${m.node}${m.postgres ? `, PostgreSQL ${m.postgres}` : ''}, ${m.platform}; ${m.date}; bench ${m.seconds} s; ` +
    `tải trung bình ${m.loadStart} lúc đầu, ${m.loadEnd} lúc cuối (các tiến trình khác dùng chung máy)`,
  unknownSuite: (unknown: string, known: string) => `không có bộ đo ${unknown}; các bộ đo: ${known}`,
  needsServices: 'các bộ đo scoring, workbook, http, feeds và demo đo PostgreSQL và Redis thật: đặt DATABASE_URL=postgres://… và REDIS_URL=redis://… (engine và cli-start không cần)',
  notPositive: (flag: string, value: string) => `${flag} phải là số nguyên dương, không phải ${value}`,
};

export type BenchWords = typeof BENCH_WORDS_VI;
