import type { CliOutput } from '../output/cli-output';
import type { LiveWork } from './demo-live';
import { DEMO_ADMIN, DEMO_OFFICER_PASSWORD, officerEmail2025 } from './demo-people';
import { DEMO_REVIEWER_PASSWORD } from './demo-review';

/**
 * The demo's last words: where the web app is, per role one account and three things to try on the work the live
 * part left, then every demo account once. Printed at the end, where the reader is, in the output's language.
 */
export function printDemoGuide(out: CliOutput, port: number, live: LiveWork, reviewerCount: number): void {
  const vi = out.lang === 'vi';
  const { open, review } = live;
  const officer = open.partlyFilled[0];
  const fresh = open.untouched[0];
  const codes = (units: { code: string }[]) => units.map((u) => u.code).join(', ');
  const lastReviewer = String(reviewerCount).padStart(2, '0');
  const lines = vi
    ? [
        `Ứng dụng web: chạy \`npm start\`, rồi mở http://localhost:${port}/app/login`,
        '',
        `Quản trị — ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
        `  1. Chu kỳ → "${open.cycle.nameVi}": theo dõi tiến độ nộp phiếu (${open.submitted.length}/${open.submitted.length + open.partlyFilled.length + open.untouched.length} tỉnh đã nộp)`,
        `  2. Chuyển chu kỳ ${open.cycle.year} sang thẩm định (hoặc gia hạn cho một tỉnh chưa nộp)`,
        `  3. "${review.cycle.nameVi}" (đang thẩm định): xem phân công; khi đủ quyết định, chấm điểm và công bố`,
        `Cán bộ đầu mối — ${officer ? officerEmail2025(officer.code) : '-'} / ${DEMO_OFFICER_PASSWORD} (${officer?.nameVi ?? '-'}, phiếu ${open.cycle.year} đang điền dở)`,
        `  1. Chu kỳ của tôi → mở phiếu tự đánh giá ${open.cycle.year}, điền các chỉ tiêu còn thiếu`,
        '  2. Tải lên tệp minh chứng cho một chỉ tiêu (hoặc tải mẫu Excel, điền và nhập lại)',
        `  3. Nộp phiếu${fresh ? `; phiếu chưa bắt đầu: ${officerEmail2025(fresh.code)} (${fresh.nameVi})` : ''}`,
        `Chuyên gia thẩm định — tham-dinh.01@demo.dti.vn / ${DEMO_REVIEWER_PASSWORD}`,
        `  1. Thẩm định → "${review.cycle.nameVi}": các đơn vị được giao (${review.pending} quyết định còn chờ trong cả hội đồng)`,
        '  2. Mở một đơn vị chưa quyết định: chấp nhận hoặc điều chỉnh điểm từng chỉ tiêu, ghi lý do',
        '  3. Gửi yêu cầu làm rõ cho đơn vị về một minh chứng',
        '',
        'Tài khoản demo:',
        `  quản trị     ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
        `  cán bộ       can-bo.<mã>@demo.dti.vn / ${DEMO_OFFICER_PASSWORD}: 63 tỉnh trước 1/7/2025 (kết quả 2021–2023, phiếu 2020), bộ ngành (can-bo.btc@demo.dti.vn), quốc gia (can-bo.vn@demo.dti.vn)`,
        `               can-bo.<mã>.2025@demo.dti.vn / ${DEMO_OFFICER_PASSWORD}: 34 tỉnh từ 1/7/2025, phiếu ${open.cycle.year} — đã nộp ${codes(open.submitted)}; điền dở ${codes(open.partlyFilled)}; chưa bắt đầu ${codes(open.untouched)}`,
        `  thẩm định    tham-dinh.01..${lastReviewer}@demo.dti.vn / ${DEMO_REVIEWER_PASSWORD} (01, 02, 03 không thẩm định tỉnh của mình: 01, 79, 48)`,
      ]
    : [
        `Web app: run \`npm start\`, then open http://localhost:${port}/app/login`,
        '',
        `Administrator — ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
        `  1. Cycles → "${open.cycle.nameVi}": watch the submissions come in (${open.submitted.length} of ${open.submitted.length + open.partlyFilled.length + open.untouched.length} provinces submitted)`,
        `  2. Move the ${open.cycle.year} cycle to review (or extend the deadline of a province that has not submitted)`,
        `  3. "${review.cycle.nameVi}" (in review): look at the assignments; when the decisions are in, score and publish`,
        `Officer — ${officer ? officerEmail2025(officer.code) : '-'} / ${DEMO_OFFICER_PASSWORD} (${officer?.nameVi ?? '-'}, the ${open.cycle.year} form half filled)`,
        `  1. My cycles → open the ${open.cycle.year} self-assessment, fill in what is missing`,
        '  2. Upload an evidence file for an indicator (or download the Excel template, fill it in and import it)',
        `  3. Submit${fresh ? `; a form not started: ${officerEmail2025(fresh.code)} (${fresh.nameVi})` : ''}`,
        `Reviewer — tham-dinh.01@demo.dti.vn / ${DEMO_REVIEWER_PASSWORD}`,
        `  1. Review → "${review.cycle.nameVi}": the units assigned (${review.pending} decisions pending across the panel)`,
        '  2. Open a unit not yet decided: accept or adjust each indicator, with a reason',
        '  3. Ask the unit a clarification about a piece of evidence',
        '',
        'Demo accounts:',
        `  administrator  ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
        `  officers       can-bo.<code>@demo.dti.vn / ${DEMO_OFFICER_PASSWORD}: the 63 provinces before 1/7/2025 (results 2021–2023, the 2020 form), ministries (can-bo.btc@demo.dti.vn), the nation (can-bo.vn@demo.dti.vn)`,
        `                 can-bo.<code>.2025@demo.dti.vn / ${DEMO_OFFICER_PASSWORD}: the 34 provinces from 1/7/2025, the ${open.cycle.year} form — submitted ${codes(open.submitted)}; half filled ${codes(open.partlyFilled)}; not started ${codes(open.untouched)}`,
        `  reviewers      tham-dinh.01..${lastReviewer}@demo.dti.vn / ${DEMO_REVIEWER_PASSWORD} (01, 02, 03 never review their own province: 01, 79, 48)`,
      ];
  out.step(vi ? 'Việc đang chờ trên ứng dụng web' : 'Work waiting in the web app');
  for (const line of lines) out.say(line ? `  ${line}` : '');
}
