/** What a reminder mail says: who it is for, the cycle, the deadline, and where to go. */
export interface ReminderMailFacts {
  officerName: string;
  unitName: string;
  cycleName: string;
  deadline: Date;
  answered: number;
  total: number;
  /** The administrator's own words, if any. */
  message: string | null;
  /** The address of the unit's self-assessment (absolute when the site's origin is configured). */
  formUrl: string;
}

const vietnamDeadline = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const englishDeadline = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * The reminder as a plain-text mail, Vietnamese first and English below it: the mailer sends it as it is, to officers
 * whose language the platform does not know when it writes the row.
 */
export function reminderMail(f: ReminderMailFacts): { subject: string; body: string } {
  const viDeadline = vietnamDeadline.format(f.deadline);
  const deadline = englishDeadline.format(f.deadline);
  const note = (label: string) => (f.message ? [``, `${label}: ${f.message}`] : []);
  const body = [
    `Kính gửi ${f.officerName},`,
    ``,
    `Phiếu tự đánh giá của ${f.unitName} trong kỳ “${f.cycleName}” chưa được nộp.`,
    `Đã trả lời ${f.answered}/${f.total} chỉ tiêu. Hạn nộp: ${viDeadline} (giờ Việt Nam).`,
    ...note('Lời nhắn của quản trị viên'),
    ``,
    `Mở phiếu: ${f.formUrl}`,
    ``,
    `---`,
    `Dear ${f.officerName},`,
    ``,
    `The self-assessment of ${f.unitName} in “${f.cycleName}” has not been submitted yet.`,
    `${f.answered} of ${f.total} indicators answered. Deadline: ${deadline} (Vietnam time).`,
    ...note('A note from the administrator'),
    ``,
    `Open the form: ${f.formUrl}`,
  ].join('\n');
  return { subject: `Nhắc nộp phiếu tự đánh giá: ${f.cycleName}, hạn ${viDeadline}`.slice(0, 300), body };
}
