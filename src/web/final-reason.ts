import type { MessageKey, Translate } from './i18n';

/**
 * The reasons recompute-finals.ts stores on a final value it reconciled, one pattern each (the lead's and the
 * objection's reasons are people's own words and stay as typed). The audit log shows a final's reason as it was
 * stored, so it says these in the page's words.
 */
const NO_LEAD = /^policy lead, but the unit has no lead reviewer: the lead \(or an administrator\) decides$/;
const DISAGREE = /^reviewers disagree: points (.+) spread (\S+) > (\S+) \((\S+)% of (\S+)\); the lead reviewer decides$/;
const POLICY = /^(single|median|mean|lead) of (\d+) reviewer\(s\): points (.+)$/;

/** A final value's stored reason in the page's words where the platform wrote it, else as stored. */
export function finalReasonText(reason: string, t: Translate): string {
  if (NO_LEAD.test(reason)) return t('catalog.finalReason.noLead');
  const disagree = DISAGREE.exec(reason);
  if (disagree) {
    const [, points, spread, threshold, share, max] = disagree;
    return t('catalog.finalReason.disagree', { points, spread, threshold, share, max });
  }
  const policy = POLICY.exec(reason);
  if (policy) return t('catalog.finalReason.policy', { method: t(`catalog.method.${policy[1]}` as MessageKey), count: policy[2], points: policy[3] });
  return reason;
}
