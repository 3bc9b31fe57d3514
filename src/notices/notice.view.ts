import type { NoticeKind } from './notice-kind';

/** A notice as the pages show it: what happened and its facts, for the page to say in its language. */
export interface NoticeView {
  id: string;
  kind: NoticeKind;
  cycleId: string;
  unitId: string;
  message: string | null;
  deadline: Date;
  createdAt: Date;
}

/** A reminder's outcome for one unit: its notice, and how many officers' mails wait in the outbox. */
export interface RemindedUnit {
  unitId: string;
  code: string;
  nameVi: string;
  noticeId: string;
  deadline: Date;
  mails: number;
}

/** What a reminder did: the units reminded, and those of the ones asked for that had already submitted. */
export interface RemindResult {
  reminded: RemindedUnit[];
  skipped: Array<{ unitId: string; code: string; nameVi: string }>;
}
