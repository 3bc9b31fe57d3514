import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { translator } from './i18n';
import { importProblemRows, officerRefusal } from './officer-results.model';

const vi = translator('vi');
const en = translator('en');

describe('the officer pages’ refusals and import reports', () => {
  it('explains a service’s refusal with its status and the field problems in the page’s words', () => {
    const invalid = officerRefusal(DomainException.validation([{ field: 'reason', rule: 'isLength', message: 'reason must be 1-10000 characters' }]), vi);
    expect(invalid).toMatchObject({ status: 422, fields: [{ field: 'reason' }] });
    expect(invalid!.message).toBe(vi('form.errors', { count: 1 }));
    // A closed window or thread: the sentence of its code in the page's language, not the service's English message.
    const closed = officerRefusal(new DomainException(ErrorCode.WindowClosed, 'the objection window closed at 2030-01-09T17:00:00.000Z'), vi);
    expect(closed).toEqual({ status: 409, message: 'Ngoài thời hạn cho phép.', fields: [] });
    expect(officerRefusal(DomainException.conflict('no reviewer asks for a clarification of NT.06: the thread is closed'), en)).toMatchObject({
      status: 409,
      message: 'Not done: it conflicts with what is stored or with its current state.',
    });
  });

  it('leaves access refusals and anything not a refusal to the error page', () => {
    expect(officerRefusal(DomainException.forbidden('an officer writes only about its own unit'), vi)).toBeNull();
    expect(officerRefusal(DomainException.notFound('import', 'x'), vi)).toBeNull();
    expect(officerRefusal(new Error('boom'), vi)).toBeNull();
  });

  it('lists an import’s problems by place, with the known rules explained and the reader’s message kept', () => {
    const rows = importProblemRows(
      [
        { sheet: 'Tự đánh giá', cell: 'E7', rule: 'isNumber', message: 'NT.02: "bảy mươi" is not a number' },
        { sheet: '_meta', rule: 'stale-template', message: 'the template was made from version 2' },
        { row: 12, column: 'value', rule: 'min', message: 'below 0' },
        { rule: 'corrupt', message: 'the workbook cannot be read' },
      ],
      vi,
    );
    expect(rows.map((r) => r.where)).toEqual(['Tự đánh giá · E7', '_meta', 'dòng 12 · value', '—']);
    expect(rows.map((r) => r.explanation)).toEqual([null, vi('ofc.import.rule.stale'), null, 'Không đọc được tệp.']);
    expect(rows[0].message).toBe('NT.02: "bảy mươi" is not a number');
  });
});
