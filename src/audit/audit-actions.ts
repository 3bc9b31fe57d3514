/**
 * Every action the services record (AuditService.record takes only these), by area in the order of the yearly
 * cycle. The pages name each in words (src/web/i18n/audit.*.ts, typed by this list), so a new action is a compile
 * error until it is listed here and given its words.
 */
export const AUDIT_ACTIONS_BY_AREA = {
  user: ['user.create', 'user.update', 'user.disable', 'user.change_password', 'user.reset_password', 'user.sign_out', 'user.sign_out_everywhere', 'service_account.create', 'api_key.create', 'api_key.revoke'],
  unit: ['unit.create', 'unit.update', 'unit.retire'],
  framework: ['framework.import', 'framework.update', 'framework.clone', 'framework.delete', 'framework.lock'],
  cycle: ['cycle.create', 'cycle.update', 'cycle.move', 'cycle.participants', 'cycle.extension', 'cycle.extension_revoke', 'cycle.remind'],
  submission: ['submission.save', 'submission.submit', 'submission.return', 'submission.import', 'import.create', 'system_values.import', 'system_values.from_monitoring', 'evidence.add', 'evidence.delete'],
  review: [
    'review.settings',
    'review.assign',
    'review.assignment.lead',
    'review.assign-bulk',
    'review.unassign',
    'reviewer.conflict.add',
    'reviewer.conflict.remove',
    'review.decide',
    'review.lead-decide',
    'review.clarification',
    'review.finals-stale',
    'review.completion-override',
    'review.objection',
    'review.objection.accept',
    'review.objection.reject',
  ],
  monitoring: ['feed.push'],
  scoring: ['score_run.request'],
  analysis: ['analysis.request'],
  publication: ['publication.publish', 'publication.correct', 'publication.integrity-mismatch', 'publication.integrity-restored'],
  export: ['export.request'],
} as const;

export type AuditArea = keyof typeof AUDIT_ACTIONS_BY_AREA;
export type AuditAction = (typeof AUDIT_ACTIONS_BY_AREA)[AuditArea][number];

export const AUDIT_AREAS = Object.keys(AUDIT_ACTIONS_BY_AREA) as AuditArea[];
export const AUDIT_ACTIONS: readonly AuditAction[] = AUDIT_AREAS.flatMap((area) => AUDIT_ACTIONS_BY_AREA[area]);

export const isAuditAction = (value: unknown): value is AuditAction => typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
