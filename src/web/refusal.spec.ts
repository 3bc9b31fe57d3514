import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { translator } from './i18n';
import { refusalLines, refusalText, serviceRefusal } from './refusal';
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
