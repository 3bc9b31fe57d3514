import { compareVietnamese, vietnameseCollationLocale } from './vietnamese-collation';

const sorted = (names: string[]) => [...names].sort(compareVietnamese);
// Deterministic shuffle, so that a passing sort is not the identity on already-ordered input.
const shuffled = <T>(xs: T[]) => xs.map((x, i) => [(i * 7919) % 101, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);

describe('compareVietnamese', () => {
  it('uses the Vietnamese tailoring, not the root collation a small-ICU Node falls back to', () => {
    expect(vietnameseCollationLocale()).toBe('vi');
  });

  it('sorts the letters in the order of the Vietnamese alphabet', () => {
    const alphabet = 'a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y'.split(' ');
    expect(sorted(shuffled(alphabet))).toEqual(alphabet);
    const upper = alphabet.map((l) => l.toUpperCase());
    expect(sorted(shuffled(upper))).toEqual(upper);
  });

  it('treats ă, â, đ as letters of their own, not as accents', () => {
    // In the root collation Ăz < Az (ă is a with an accent); in Vietnamese ă is a letter after a.
    expect(sorted(['Ân', 'Ăz', 'Az'])).toEqual(['Az', 'Ăz', 'Ân']);
    expect(sorted(['Gia Lai', 'Đà Nẵng', 'Dương Minh Châu', 'Đắk Lắk', 'Điện Biên'])).toEqual([
      'Dương Minh Châu', 'Đà Nẵng', 'Đắk Lắk', 'Điện Biên', 'Gia Lai',
    ]);
    expect(sorted(['Bắc Giang', 'Bà Rịa - Vũng Tàu', 'Bến Tre', 'Bạc Liêu', 'Bình Dương'])).toEqual([
      'Bà Rịa - Vũng Tàu', 'Bạc Liêu', 'Bắc Giang', 'Bến Tre', 'Bình Dương',
    ]);
  });

  it('lets tone marks break ties only, in the dictionary order ngang, huyền, hỏi, ngã, sắc, nặng', () => {
    expect(sorted(['Bạ', 'Bá', 'Bã', 'Bả', 'Bà', 'Ba'])).toEqual(['Ba', 'Bà', 'Bả', 'Bã', 'Bá', 'Bạ']);
    expect(sorted(['Bác', 'Bab'])).toEqual(['Bab', 'Bác']);
  });

  it('compares numbers by value and keeps the order total and deterministic', () => {
    expect(sorted(['Phường 10', 'Phường 2', 'Phường 1'])).toEqual(['Phường 1', 'Phường 2', 'Phường 10']);
    const nfc = 'Hà Nội';
    const nfd = nfc.normalize('NFD');
    expect(compareVietnamese(nfc, nfd)).not.toBe(0);
    expect(Math.sign(compareVietnamese(nfc, nfd))).toBe(-Math.sign(compareVietnamese(nfd, nfc)));
    expect(compareVietnamese(nfc, nfc)).toBe(0);
  });
});
