import type { NoticeKind } from '../../notices/notice-kind';

/** Vietnamese words of the home page of each role: what waits for them now (issue #20). */
export const homeVi = {
  'home.deadline': 'Hạn nộp',
  'home.daysLeft': 'còn {days} ngày',
  'home.tomorrow': 'hết hạn ngày mai',
  'home.today': 'hết hạn hôm nay',
  'home.past': 'đã hết hạn',
  'home.progress': 'Tiến độ',
  'home.answered': 'đã trả lời {answered}/{total} chỉ tiêu',
  'home.status': 'Trạng thái',
  'home.start': 'Bắt đầu điền phiếu',
  'home.continue': 'Tiếp tục điền phiếu',
  'home.openForm': 'Xem phiếu đã nộp',
  'home.officer.tasks': 'Phiếu tự đánh giá đang nhận',
  'home.officer.none': 'Hiện không có kỳ đánh giá nào đang nhận phiếu của đơn vị.',
  'home.officer.allCycles': 'Tất cả kỳ đánh giá của đơn vị',
  'home.notices': 'Thông báo',
  'home.notice.sentAt': 'Gửi lúc {at}',
  'home.reviewer.tasks': 'Đơn vị cần thẩm định',
  'home.reviewer.pendingTotal': 'Còn {pending} chỉ tiêu chờ bạn quyết định ở {units} đơn vị.',
  'home.reviewer.pending': 'còn {pending}/{total} chỉ tiêu chờ quyết định',
  'home.reviewer.done': 'đã quyết định xong',
  'home.reviewer.none': 'Hiện không có đơn vị nào chờ bạn thẩm định.',
  'home.reviewer.all': 'Tất cả kỳ thẩm định',
  'home.admin.tasks': 'Kỳ đánh giá đang nhận phiếu',
  'home.admin.rate': 'Đã nộp {submitted}/{units} đơn vị · đang làm {inProgress} · chưa bắt đầu {notStarted}',
  'home.admin.none': 'Hiện không có kỳ đánh giá nào đang nhận phiếu.',
  'home.admin.allCycles': 'Tất cả kỳ đánh giá',
};

/** A notice of each kind, in words: the compiler asks for every kind of NoticeKind. */
export const homeNoticesVi: Record<`home.notice.${NoticeKind}`, string> = {
  'home.notice.submission_reminder': 'Nhắc nộp phiếu tự đánh giá kỳ “{cycle}”: hạn nộp {deadline}.',
};
