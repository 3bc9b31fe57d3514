import type { NoticeKind } from '../../notices/notice-kind';
import type { homeVi } from './home.vi';

/** English words of the home page of each role (issue #20). */
export const homeEn: Record<keyof typeof homeVi, string> = {
  'home.deadline': 'Deadline',
  'home.daysLeft': '{days} days left',
  'home.tomorrow': 'ends tomorrow',
  'home.today': 'ends today',
  'home.past': 'passed',
  'home.progress': 'Progress',
  'home.answered': '{answered} of {total} indicators answered',
  'home.status': 'Status',
  'home.start': 'Start the self-assessment',
  'home.continue': 'Continue the self-assessment',
  'home.openForm': 'View the submitted self-assessment',
  'home.officer.tasks': 'Self-assessments open',
  'home.officer.none': 'No cycle is taking submissions from your unit now.',
  'home.officer.allCycles': "All of your unit's cycles",
  'home.notices': 'Notices',
  'home.notice.sentAt': 'Sent {at}',
  'home.reviewer.tasks': 'Units to review',
  'home.reviewer.pendingTotal': '{pending} indicators await your decision in {units} units.',
  'home.reviewer.pending': '{pending} of {total} indicators to decide',
  'home.reviewer.done': 'all decided',
  'home.reviewer.none': 'No unit awaits your review now.',
  'home.reviewer.all': 'All review cycles',
  'home.admin.tasks': 'Cycles taking submissions',
  'home.admin.rate': '{submitted} of {units} units submitted · {inProgress} in progress · {notStarted} not started',
  'home.admin.none': 'No cycle is taking submissions now.',
  'home.admin.allCycles': 'All cycles',
};

export const homeNoticesEn: Record<`home.notice.${NoticeKind}`, string> = {
  'home.notice.submission_reminder': 'Reminder to submit the self-assessment of “{cycle}”: deadline {deadline}.',
};
