/**
 * Vietnamese words that say what is really the case for a cycle's phase and the reader (phase-note.ts): the pages'
 * banners and the refusals of a write out of its phase (refusal.ts). A published cycle is read only, said as such.
 */
export const phaseVi = {
  // Refusals of a write out of its phase
  'phase.refusal.published': 'Kỳ đánh giá đã công bố – chỉ xem: không thay đổi được nữa.',
  'phase.refusal.publishedObjection': 'Kết quả đã công bố – chỉ xem: không nhận kiến nghị nữa.',
  'phase.refusal.cyclePhase': 'Chỉ làm được khi kỳ đánh giá ở giai đoạn {allowed}; kỳ hiện ở giai đoạn “{phase}”.',

  // The officer's form: why it is locked (after “Phiếu không sửa được: ”)
  'phase.form.openSubmitted': 'phiếu đã nộp và đang chờ thẩm định.',
  'phase.form.review': 'phiếu đã nộp và đang được thẩm định; câu hỏi của chuyên gia được trả lời ở trang Giải trình.',
  'phase.form.reviewUnsubmitted': 'kỳ đánh giá đã sang giai đoạn thẩm định; phiếu chưa nộp không ghi thêm được.',
  'phase.form.scoring': 'thẩm định đã xong, kỳ đánh giá đang chấm điểm.',
  'phase.form.published': 'kỳ đánh giá đã công bố – chỉ xem.',

  // The reviewer's unit page
  'phase.reviewer.before': 'Kỳ đánh giá đang ở giai đoạn “{phase}”: thẩm định bắt đầu khi kỳ chuyển sang giai đoạn thẩm định; hiện chỉ xem.',
  'phase.reviewer.review': 'Đang thẩm định: mỗi quyết định được lưu riêng cho từng chỉ tiêu.',
  'phase.reviewer.reviewObjections': 'Đang thẩm định; đơn vị đang trong thời hạn kiến nghị, đến {closeAt}.',
  'phase.reviewer.unsubmitted': 'Phiếu của đơn vị chưa nộp (trạng thái: {status}): chỉ thẩm định được phiếu đã nộp; hiện chỉ xem.',
  'phase.reviewer.scoring': 'Thẩm định đã kết thúc, kỳ đánh giá đang chấm điểm – quyết định chỉ xem, không sửa được.',
  'phase.reviewer.scoringObjections': 'Thẩm định đã kết thúc, kỳ đánh giá đang chấm điểm – chỉ xem; đơn vị đang trong thời hạn kiến nghị đến {closeAt}, trưởng nhóm trả lời kiến nghị.',
  'phase.reviewer.published': 'Kết quả đã công bố – chỉ xem.',

  // The officer's reviewed scores page
  'phase.ofcReview.before': 'Kỳ đánh giá đang ở giai đoạn “{phase}”: kết quả thẩm định có sau giai đoạn thẩm định.',
  'phase.ofcReview.reviewNone': 'Kỳ đánh giá đang thẩm định; thời hạn kiến nghị chưa được đặt.',
  'phase.ofcReview.scoringNone': 'Thẩm định đã xong, kỳ đánh giá đang chấm điểm; kỳ này không có thời hạn kiến nghị.',
  'phase.ofcReview.published': 'Kết quả đã công bố – chỉ xem; không nhận kiến nghị nữa.',
};
