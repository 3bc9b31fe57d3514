import type { ScoreRunJobView } from '../scoring/score-run-job';
import { translator } from './i18n';
import { runJobNote } from './run-job-note';

const job = (over: Partial<ScoreRunJobView>): ScoreRunJobView => ({
  state: 'active',
  worker: 'host:41',
  workerLost: false,
  lockExpiresAt: null,
  retryBy: null,
  workersConnected: 1,
  attempt: 1,
  maxAttempts: 4,
  ...over,
});

describe('runJobNote', () => {
  const vi = translator('vi');
  const en = translator('en');

  it('says a lost worker, and by when (Vietnam time, to the second) another takes the run, or that none is there', () => {
    const lost = job({ workerLost: true, lockExpiresAt: new Date('2024-05-01T03:00:05Z'), retryBy: new Date('2024-05-01T03:00:10Z') });
    expect(runJobNote(lost, vi)).toBe('tiến trình xử lý host:41 đã dừng giữa chừng; một tiến trình khác sẽ nhận lại và chạy lại từ đầu trước 10:00:10.');
    expect(runJobNote(lost, en)).toBe('worker host:41 stopped in the middle; another worker takes the run again, from the start, by 10:00:10.');
    expect(runJobNote({ ...lost, retryBy: null, workersConnected: 0 }, en)).toMatch(/^worker host:41 stopped in the middle and no other worker is running/);
  });

  it('says a retry, a queue without workers, and nothing for a first attempt or a finished run', () => {
    expect(runJobNote(job({ attempt: 2 }), vi)).toBe('lần chạy thứ 2 trên tối đa 4.');
    expect(runJobNote(job({ state: 'waiting', worker: null, workersConnected: 0 }), en)).toBe('no worker is running; the run starts when one starts.');
    expect(runJobNote(job({}), vi)).toBeNull();
    expect(runJobNote(null, vi)).toBeNull();
  });
});
