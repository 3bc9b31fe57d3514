import { createHash } from 'node:crypto';
import { decodedText } from './snapshot-bytes';

const text = 'Bộ chỉ số đánh giá chuyển đổi số: {"Tỉnh":"Hà Nội","emoji":"🇻🇳"}';
const bytes = Buffer.from(text, 'utf8');

async function read(pieces: (Buffer | string)[]): Promise<{ text: string; sha256: string }> {
  const hash = createHash('sha256');
  let out = '';
  for await (const piece of decodedText((async function* () { yield* pieces; })(), hash)) out += piece;
  return { text: out, sha256: hash.digest('hex') };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('decodedText', () => {
  it('joins characters cut between byte pieces, and hashes the bytes as they pass', async () => {
    for (const size of [1, 2, 3, 5, 7]) {
      const pieces = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
      expect(await read(pieces)).toEqual({ text, sha256: sha256(bytes) });
    }
  });

  it('takes text pieces (chunks PostgreSQL gave as text) between byte pieces, hashing each as its UTF-8 bytes', async () => {
    const cut = bytes.indexOf(Buffer.from('Hà', 'utf8'));
    // Bytes cut inside "ộ" and "à", then a whole-text piece from a character's start, then bytes again.
    const pieces = [bytes.subarray(0, 2), bytes.subarray(2, cut), text.slice(text.indexOf('Hà'), text.indexOf('"emoji"')), Buffer.from(text.slice(text.indexOf('"emoji"')), 'utf8').subarray(0, 12), Buffer.from(text.slice(text.indexOf('"emoji"')), 'utf8').subarray(12)];
    expect(await read(pieces)).toEqual({ text, sha256: sha256(bytes) });
  });

  it('writes a character cut short before a text piece as U+FFFD (a changed snapshot), and still hashes the bytes given', async () => {
    const ha = Buffer.from('à', 'utf8');
    const pieces = [Buffer.from('H'), ha.subarray(0, 1), ' Nội'];
    const given = Buffer.concat([Buffer.from('H'), ha.subarray(0, 1), Buffer.from(' Nội', 'utf8')]);
    expect(await read(pieces)).toEqual({ text: 'H\ufffd Nội', sha256: sha256(given) });
  });
});
