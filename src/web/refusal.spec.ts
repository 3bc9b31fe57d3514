import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { translator } from './i18n';
import { RefusalReason } from '../common/refusal-reason';
import { refusalLines, refusalSentence, refusalText, serviceRefusal } from './refusal';
import { describeError } from './web-auth';

const vi = translator('vi');
const en = translator('en');

describe('a service’s refusal on a page: by its error code, in the page’s language', () => {
  it('has a sentence for every error code in both languages, never the service’s own message', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(refusalText(code, vi)).not.toMatch(/^refusal\./);
      expect(refusalText(code, en)).not.toBe(refusalText(code, vi));
    }
    const moved = serviceRefusal(DomainException.conflict('participants are fixed once a cycle is in review'), vi);
    expect(moved).toEqual({ status: 409, code: ErrorCode.Conflict, message: vi('refusal.conflict'), fields: [] });
    expect(refusalLines(moved!)).toEqual(['Không thực hiện được vì mâu thuẫn với dữ liệu hoặc trạng thái hiện có.']);
    expect(refusalLines(serviceRefusal(new DomainException(ErrorCode.WrongPhase, 'not while the cycle is open'), en)!)).toEqual(['Not possible in the cycle’s current phase.']);
  });

  it('names the fields and rules the API names, each rule in words, labelled by the page', () => {
    const refusal = serviceRefusal(
      new DomainException(ErrorCode.UnprocessableEntity, 'participants[0].unitId: BTC Bộ Tài chính is a ministry, not a province', [
        { field: 'participants[0].unitId', rule: 'sameLevel', message: 'BTC Bộ Tài chính is a ministry, not a province' },
      ]),
      vi,
    )!;
    expect(refusal.status).toBe(422);
    expect(refusalLines(refusal, () => 'BTC')).toEqual(['BTC: Không cùng cấp với kỳ đánh giá.']);
    expect(refusalLines(serviceRefusal(DomainException.validation([{ field: 'unitId', rule: 'onlyForOfficer', message: 'unitId may only be set for an officer' }]), en)!)).toEqual([
      'unitId: Only an officer is bound to a unit.',
    ]);
    // A refusal without details whose message starts with its field: that field, with the code's sentence.
    const duplicate = serviceRefusal(DomainException.conflict('email: a user with a@b.vn already exists'), vi)!;
    expect(duplicate.fields).toEqual([{ field: 'email', rule: '', message: 'email: a user with a@b.vn already exists', text: vi('refusal.conflict') }]);
  });

  it('says the reason a service gave for the most common conflicts, in Vietnamese, the code’s sentence otherwise', () => {
    const notAllowed = DomainException.conflict('a cycle cannot move from open to scoring; from open it may move to review', {
      reason: RefusalReason.PhaseMoveNotAllowed,
      from: 'open',
      to: 'scoring',
      allowed: ['review'],
    });
    expect(serviceRefusal(notAllowed, vi)?.message).toBe('Kỳ đánh giá không chuyển được từ giai đoạn “Đang nhận phiếu” sang “Chấm điểm”; từ “Đang nhận phiếu” chỉ chuyển được sang: “Thẩm định”.');
    expect(refusalSentence(DomainException.conflict('x', { reason: RefusalReason.PhaseMoveNotAllowed, from: 'published', to: 'open', allowed: [] }), vi)).toBe(
      'Kỳ đánh giá ở giai đoạn “Đã công bố” không chuyển sang giai đoạn nào khác được.',
    );
    const incomplete = DomainException.conflict('cannot move to scoring: the review of 2 unit(s) is incomplete: 48 (3/5), 01 (0/5)', {
      reason: RefusalReason.PhaseMoveRefused,
      to: 'scoring',
      refusals: ['the review of 2 unit(s) is incomplete: 48 (3/5), 01 (0/5)'],
      reasons: [{ reason: RefusalReason.ReviewIncomplete, count: 2, units: ['48', '01'] }],
    });
    expect(refusalLines(serviceRefusal(incomplete, vi)!)).toEqual([
      'Chưa chuyển sang giai đoạn “Chấm điểm” được: còn 2 đơn vị chưa thẩm định xong (48, 01); hãy hoàn tất, hoặc chuyển kèm lý do để bỏ qua.',
    ]);
    // A duplicate unit code: the field it names, with the unit that has the code and when.
    const duplicate48 = () =>
      DomainException.conflict('code: province 48 is already valid from 1997-01-01 to now (unit u1)', {
        reason: RefusalReason.UnitCodeInUse,
        conflictingUnitId: 'u1',
        level: 'province',
        code: '48',
        nameVi: 'Đà Nẵng',
        nameEn: 'Da Nang',
        validFrom: '1997-01-01',
        validTo: null,
      });
    const duplicate = serviceRefusal(duplicate48(), vi)!;
    expect(duplicate.fields).toEqual([expect.objectContaining({ field: 'code', text: 'Mã 48 đang được dùng cho đơn vị “Đà Nẵng”, hiệu lực từ 1997-01-01.' })]);
    // On an English page the unit by its English name, as the page's lists name it.
    expect(serviceRefusal(duplicate48(), en)!.fields[0].text).toBe('The code 48 is in use by “Da Nang”, valid from 1997-01-01.');
    // A closed window, with the time in Vietnam.
    const closed = new DomainException(ErrorCode.WindowClosed, 'the window closed at 2023-04-30T17:00:00+07:00', {
      reason: RefusalReason.WindowEnded,
      closesAt: '2023-04-30T10:00:00.000Z',
      extensionUntil: '2023-05-05T10:00:00.000Z',
    });
    expect(refusalSentence(closed, vi)).toBe('Đã hết thời hạn nhận phiếu lúc 17:00 30/04/2023, và thời hạn gia hạn của đơn vị đã kết thúc lúc 17:00 05/05/2023.');
    expect(refusalSentence(new DomainException(ErrorCode.WindowClosed, 'x', { reason: RefusalReason.WindowPhase, phase: 'review' }), en)).toBe(
      'Answers are written while the cycle is open for submissions; it is now in “Review”.',
    );
    // The objection window, the single-reviewer policy, a framework version already stored.
    const objection = (details: Record<string, unknown>) => new DomainException(ErrorCode.WindowClosed, 'x', details);
    expect(refusalSentence(objection({ reason: RefusalReason.ObjectionWindowEnded, closesAt: '2023-06-10T10:00:00.000Z' }), vi)).toBe('Đã hết thời hạn nhận kiến nghị lúc 17:00 10/06/2023.');
    expect(refusalSentence(objection({ reason: RefusalReason.ObjectionWindowNotYetOpen, opensAt: '2023-06-01T01:00:00.000Z' }), en)).toBe(
      'The objection window has not opened yet: it opens at 08:00 01/06/2023.',
    );
    expect(refusalSentence(objection({ reason: RefusalReason.ObjectionPhase, phase: 'draft' }), vi)).toMatch(/kỳ hiện ở giai đoạn “Chuẩn bị”\.$/);
    // A published cycle is said as read only, not as one more wrong phase (issue #20).
    expect(refusalSentence(objection({ reason: RefusalReason.ObjectionPhase, phase: 'published' }), vi)).toBe('Kết quả đã công bố – chỉ xem: không nhận kiến nghị nữa.');
    expect(refusalSentence(new DomainException(ErrorCode.WindowClosed, 'x', { reason: RefusalReason.WindowPhase, phase: 'published' }), vi)).toBe(
      'Kỳ đánh giá đã công bố – chỉ xem: không thay đổi được nữa.',
    );
    const outOfPhase = (phase: string) => new DomainException(ErrorCode.WrongPhase, 'x', { reason: RefusalReason.CyclePhase, phase, allowed: ['review'] });
    expect(refusalSentence(outOfPhase('published'), vi)).toBe('Kỳ đánh giá đã công bố – chỉ xem: không thay đổi được nữa.');
    expect(refusalSentence(outOfPhase('published'), en)).toBe('The cycle is published – read only: nothing can be changed any more.');
    expect(refusalSentence(outOfPhase('scoring'), vi)).toBe('Chỉ làm được khi kỳ đánh giá ở giai đoạn “Thẩm định”; kỳ hiện ở giai đoạn “Chấm điểm”.');
    expect(refusalSentence(objection({ reason: RefusalReason.ObjectionWindowUnset }), vi)).toBe('Kỳ đánh giá chưa có thời hạn nhận kiến nghị.');
    expect(refusalSentence(DomainException.conflict('policy single: one reviewer per unit', { reason: RefusalReason.SingleReviewerPolicy }), vi)).toBe(
      'Chính sách một chuyên gia: mỗi đơn vị chỉ có một chuyên gia thẩm định.',
    );
    expect(refusalSentence(DomainException.conflict('x', { reason: RefusalReason.FrameworkVersionExists, code: 'PDTI', version: '2022.1' }), en)).toBe(
      'Framework PDTI version 2022.1 is already stored; give the file a new version number.',
    );
    // A decision on a final value the unit's changed answer made stale.
    const stale = DomainException.conflict('NT.06: the unit\'s answer changed after this value was settled; the reviewers must decide again first', {
      reason: RefusalReason.FinalStale,
      indicatorCode: 'NT.06',
      staleSince: '2023-06-01T01:00:00.000Z',
    });
    expect(refusalSentence(stale, vi)).toBe('Câu trả lời của đơn vị cho chỉ tiêu NT.06 đã thay đổi sau khi giá trị này được chốt; các chuyên gia thẩm định phải quyết định lại trước.');
    expect(refusalSentence(stale, en)).toBe('The unit’s answer to NT.06 changed after this value was settled; the reviewers must decide again first.');
    // A conflict of interest declared over assignments whose review is not over: the cycles by year and phase.
    const assigned = DomainException.conflict('x', {
      reason: RefusalReason.ConflictAssignedInReview,
      cycles: [{ cycleId: 'c1', year: 2023, level: 'province', phase: 'review' }, { cycleId: 'c2', year: 2024, level: 'province', phase: 'draft' }],
    });
    expect(refusalSentence(assigned, vi)).toMatch(/^Chuyên gia đang được phân công thẩm định đơn vị này ở kỳ đánh giá chưa xong phần thẩm định: 2023 \(Thẩm định\), 2024 \(Chuẩn bị\)\./);
    expect(refusalSentence(assigned, en)).toMatch(/^The reviewer is assigned to this unit in cycles whose review is not over: 2023 \(Review\), 2024 \(Draft\)\./);
    // A reason the pages do not know, or a check without one: the code's sentence.
    expect(refusalSentence(DomainException.conflict('x', { reason: 'somethingNew' }), vi)).toBe(vi('refusal.conflict'));
    expect(refusalSentence(DomainException.conflict('x', { reason: RefusalReason.PhaseMoveRefused, reasons: [{ reason: 'somethingNew' }] }), vi)).toBe(vi('refusal.conflict'));
  });

  it('leaves 5xx and anything not a refusal to the error page, whose detail is in the page’s language too', () => {
    expect(serviceRefusal(new DomainException(ErrorCode.Internal, 'boom'), vi)).toBeNull();
    expect(serviceRefusal(new Error('bug'), vi)).toBeNull();
    expect(describeError(new DomainException(ErrorCode.WrongPhase, 'not while the cycle is draft'), vi)).toMatchObject({ status: 409, detail: vi('refusal.wrongPhase') });
    expect(describeError(DomainException.forbidden('role officer may not open /app/admin/cycles'), en)).toMatchObject({ status: 403, title: 'Access denied', detail: null });
    expect(describeError(DomainException.validation([{ field: 'cycleId', rule: 'isUuid', message: 'cycleId must be a UUID' }]), vi)).toMatchObject({
      status: 400,
      detail: 'cycleId: Mã định danh không hợp lệ.',
    });
  });
});
