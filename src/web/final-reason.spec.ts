import { finalReasonText } from './final-reason';
import { translator } from './i18n';

describe('a final value\'s stored reason in the page\'s words (the audit log)', () => {
  const vi = translator('vi');
  const en = translator('en');

  it('says the platform\'s own reasons in the page\'s language, with their numbers', () => {
    const disagree = 'reviewers disagree: points 2, 9 spread 7 > 2 (20% of 10); the lead reviewer decides';
    expect(finalReasonText(disagree, vi)).toBe('Các chuyên gia chênh lệch: điểm 2, 9, chênh 7 điểm, vượt ngưỡng 2 điểm (20% của 10 điểm); trưởng nhóm quyết định');
    expect(finalReasonText(disagree, en)).toBe('The reviewers disagree: points 2, 9, a spread of 7 points, above the threshold of 2 (20% of 10 points); the lead reviewer decides');
    expect(finalReasonText('median of 3 reviewer(s): points 4, 5, 6', vi)).toBe('Trung vị điểm của các chuyên gia (3 chuyên gia): điểm 4, 5, 6');
    expect(finalReasonText('single of 1 reviewer(s): points 7.5', en)).toBe('The single reviewer’s decision (reviewers: 1): points 7.5');
    expect(finalReasonText('policy lead, but the unit has no lead reviewer: the lead (or an administrator) decides', vi)).toContain('đơn vị chưa có trưởng nhóm');
  });

  it('keeps a person\'s own reason as typed', () => {
    expect(finalReasonText('Kế hoạch có nhưng chưa đủ lộ trình', en)).toBe('Kế hoạch có nhưng chưa đủ lộ trình');
  });
});
