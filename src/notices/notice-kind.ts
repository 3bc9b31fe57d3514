/** What a notice is about; the pages hold its words (src/web/i18n/home.*.ts). */
export enum NoticeKind {
  /** An administrator's reminder to submit the self-assessment before the deadline. */
  SubmissionReminder = 'submission_reminder',
}
