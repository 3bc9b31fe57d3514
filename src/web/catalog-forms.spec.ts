import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { catalogRefusal, formList, presentFields, typedFields } from './catalog-forms';
import { translator } from './i18n';

const t = translator('vi');
const fields = { code: { label: 'Mã đơn vị', id: 'u-code' }, password: { label: 'Mật khẩu', id: 'n-password' } };

describe('catalog forms: a service\'s refusal as page problems', () => {
  it('names each field by its label, links it to its input, keeps the first message per field, and the status by code', () => {
    const refusal = catalogRefusal(
      DomainException.validation([
        { field: 'code', rule: 'matches', message: 'code must be 1-32 letters, digits, ".", "_" or "-"' },
        { field: 'password', rule: 'isLength', message: 'password must be longer than or equal to 12 characters' },
        { field: 'other', rule: 'isIn', message: 'other must be one of a, b' },
      ]),
      t,
      fields,
    );
    expect(refusal?.status).toBe(400);
    expect(refusal?.problems).toEqual([
      { field: 'code', rule: 'matches', message: 'Mã đơn vị: Chỉ gồm chữ cái không dấu, chữ số và các dấu “.”, “_”, “-” (từ 1 đến 32 ký tự).', href: '#u-code' },
      { field: 'password', rule: 'isLength', message: 'Mật khẩu: Chưa đủ độ dài: cần tối thiểu 12 ký tự.', href: '#n-password' },
      { field: 'other', rule: 'isIn', message: 'other: Hãy chọn một trong các phương án.', href: null },
    ]);
    expect(Object.keys(refusal?.byField ?? {})).toEqual(['code', 'password']);
  });

  it('reads the field of a refusal without details from its message (a conflict), said by its code in the page’s language, and leaves 5xx and other errors to the error page', () => {
    const conflict = catalogRefusal(DomainException.conflict('code: province 99 is already valid from 2026-01-01 to now (unit x)', { conflictingUnitId: 'x' }), t, fields);
    const sentence = 'Không thực hiện được vì mâu thuẫn với dữ liệu hoặc trạng thái hiện có.';
    expect(conflict).toEqual({
      status: 409,
      problems: [{ field: 'code', rule: '', message: `Mã đơn vị: ${sentence}`, href: '#u-code' }],
      byField: { code: sentence },
    });
    expect(catalogRefusal(DomainException.conflict('an administrator may not disable or demote itself'), t, fields)?.problems).toEqual([{ field: '', rule: '', message: sentence, href: null }]);
    expect(catalogRefusal(new DomainException(ErrorCode.Internal, 'boom'), t, fields)).toBeNull();
    expect(catalogRefusal(new Error('bug'), t, fields)).toBeNull();
  });

  it('reads typed fields trimmed, leaves empty ones out of a DTO, and every value of a multiple select', () => {
    const typed = typedFields({ code: ' 99 ', nameVi: ['Hà Nội', 'x'], extra: 'y' }, ['code', 'nameVi', 'nameEn'] as const);
    expect(typed).toEqual({ code: '99', nameVi: 'Hà Nội', nameEn: '' });
    expect(presentFields(typed)).toEqual({ code: '99', nameVi: 'Hà Nội' });
    expect(formList(['a', '', 'b'])).toEqual(['a', 'b']);
    expect(formList('a')).toEqual(['a']);
    expect(formList(undefined)).toEqual([]);
  });
});
