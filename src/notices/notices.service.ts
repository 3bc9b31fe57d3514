import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThanOrEqual, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Role } from '../auth/role';
import { InjectClock, type Clock } from '../common/clock';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { AppConfig } from '../config/app-config';
import { CyclePhase } from '../cycles/cycle-phase';
import type { ParticipantView } from '../cycles/cycle.view';
import { CyclesService } from '../cycles/cycles.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { progressState, submissionProgress, unitAnsweredCodes } from '../submissions/cycle-progress.queries';
import { officersOfUnits } from '../users/users.queries';
import { MailOutbox } from './mail-outbox.entity';
import { NoticeKind } from './notice-kind';
import { Notice } from './notice.entity';
import type { NoticeView, RemindedUnit, RemindResult } from './notice.view';
import { reminderMail } from './reminder-mail';

/** How long a notice stays on its unit's home page. */
export const NOTICE_SHOWN_DAYS = 60;
/** The administrator's words added to a reminder, at most. */
export const REMINDER_MESSAGE_MAX = 1000;

const toView = (n: Notice): NoticeView => ({
  id: n.id,
  kind: n.kind,
  cycleId: n.cycleId,
  unitId: n.unitId,
  message: n.message,
  deadline: n.deadline,
  createdAt: n.createdAt,
});

/** The end of a unit's window: its extension, else the cycle's close (as submissionWindow reads it). */
const deadlineOf = (closesAt: Date, p: ParticipantView): Date => {
  const extension = p.extensionUntil ? new Date(p.extensionUntil) : null;
  return extension && extension > closesAt ? extension : closesAt;
};

/**
 * Notices to units, shown on their officers' home, and the mails that repeat them, left in the outbox for a
 * deployment's mailer. The one kind so far: an administrator's reminder to submit, sent while the cycle is open to
 * the units that have not submitted.
 */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly config: AppConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  /**
   * Reminds the units asked for (all the cycle's participants when none are named) that have not submitted: a notice
   * for each, a mail to each of its enabled officers, an audit entry per unit; all in one transaction. A unit named
   * that has already submitted is skipped and said so; one that does not take part is refused (422, `unitIds`).
   */
  async remind(actor: Actor, cycleId: string, input: { unitIds?: string[]; message?: string | null }): Promise<RemindResult> {
    if (actor.role !== Role.Admin) throw DomainException.forbidden('only an administrator may send reminders');
    const message = input.message?.trim() || null;
    if (message && message.length > REMINDER_MESSAGE_MAX) {
      throw new DomainException(ErrorCode.UnprocessableEntity, `message: at most ${REMINDER_MESSAGE_MAX} characters`, [
        { field: 'message', rule: 'maxLength', message: `must be at most ${REMINDER_MESSAGE_MAX} characters` },
      ]);
    }
    return this.db.transaction(async (manager) => {
      // Held until the reminders are written: a move out of open waits for them, so none is sent to a closed cycle.
      const cycle = await this.cycles.find(manager, cycleId, { lock: 'keyShare' });
      if (cycle.phase !== CyclePhase.Open) {
        throw new DomainException(ErrorCode.WrongPhase, `reminders are sent while the cycle is open; it is ${cycle.phase}`, {
          reason: RefusalReason.CyclePhase,
          phase: cycle.phase,
          allowed: [CyclePhase.Open],
        });
      }
      const participants = await this.cycles.participants(cycleId);
      const chosen = this.chosen(participants, input.unitIds);
      const codes = unitAnsweredCodes((await this.frameworks.find(manager, cycle.frameworkId)).document);
      const progress = await submissionProgress(manager, cycleId, codes);
      const due = chosen.filter((p) => progressState(progress.get(p.unitId)) !== 'submitted');
      const officers = await officersOfUnits(manager, due.map((p) => p.unitId));
      const cycleName = cycle.nameVi;
      const reminded: RemindedUnit[] = [];
      for (const p of due) {
        const deadline = deadlineOf(cycle.closesAt, p);
        const notice = await manager.save(Notice, manager.create(Notice, { unitId: p.unitId, cycleId, kind: NoticeKind.SubmissionReminder, message, deadline, createdById: actor.userId }));
        const recipients = officers.filter((o) => o.unitId === p.unitId);
        const answered = progress.get(p.unitId)?.answered ?? 0;
        if (recipients.length) {
          await manager.insert(
            MailOutbox,
            recipients.map((o) => ({
              toAddress: o.email,
              noticeId: notice.id,
              ...reminderMail({ officerName: o.fullName, unitName: p.nameVi, cycleName, deadline, answered, total: codes.length, message, formUrl: this.formUrl(cycleId, p.unitId) }),
            })),
          );
        }
        await this.audit.record(manager, actor, {
          action: 'cycle.remind',
          entityType: 'cycle',
          entityId: cycleId,
          unitId: p.unitId,
          after: { unitCode: p.code, unitName: p.nameVi, deadline, recipients: recipients.length, message },
        });
        reminded.push({ unitId: p.unitId, code: p.code, nameVi: p.nameVi, noticeId: notice.id, deadline, mails: recipients.length });
      }
      const skipped = chosen.filter((p) => !due.includes(p)).map((p) => ({ unitId: p.unitId, code: p.code, nameVi: p.nameVi }));
      return { reminded, skipped };
    });
  }

  /** The unit's notices of the last NOTICE_SHOWN_DAYS days, newest first, at most `limit`. */
  async forUnit(unitId: string, limit = 5): Promise<NoticeView[]> {
    const since = new Date(this.clock.now().getTime() - NOTICE_SHOWN_DAYS * 86_400_000);
    const rows = await this.db.manager.find(Notice, { where: { unitId, createdAt: MoreThanOrEqual(since) }, order: { createdAt: 'DESC' }, take: limit });
    return rows.map(toView);
  }

  /** When each unit of the cycle was last reminded, by unit id (a unit never reminded is absent). */
  async lastReminders(cycleId: string, manager: EntityManager = this.db.manager): Promise<Map<string, Date>> {
    const rows: { unit_id: string; at: Date }[] = await manager.query(
      `SELECT unit_id, max(created_at) AS at FROM notices WHERE cycle_id = $1 AND kind = $2 GROUP BY unit_id`,
      [cycleId, NoticeKind.SubmissionReminder],
    );
    return new Map(rows.map((r) => [r.unit_id, r.at]));
  }

  private chosen(participants: ParticipantView[], unitIds: string[] | undefined): ParticipantView[] {
    if (!unitIds) return participants;
    const known = new Set(participants.map((p) => p.unitId));
    const unknown = unitIds.filter((id) => !known.has(id));
    if (unknown.length) {
      const text = `not participants of the cycle: ${unknown.join(', ')}`;
      throw new DomainException(ErrorCode.UnprocessableEntity, `unitIds: ${text}`, [{ field: 'unitIds', rule: 'participant', message: text }]);
    }
    const wanted = new Set(unitIds);
    return participants.filter((p) => wanted.has(p.unitId));
  }

  // The officer's form, as the web app addresses it; absolute when the site's origin is configured.
  private formUrl(cycleId: string, unitId: string): string {
    return `${this.config.PUBLIC_ORIGIN}/app/cycles/${cycleId}/units/${unitId}`;
  }
}
