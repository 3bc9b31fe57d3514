import { childReport, publishFigures, type PublishChildReport } from './publish-figures';

const MB = 1048576;
const report = (over: Partial<PublishChildReport>): PublishChildReport => ({ seconds: 10, maxRssBytes: 400 * MB, baselineRssBytes: 140 * MB, ...over });
const base = { units: 20000, indicators: 400, generateSeconds: 120, scoreSeconds: 300 };

describe("the publish benchmark's figures", () => {
  it("gives publish against the floor and against the design's own work as ratios, and each side its peak RSS", () => {
    const figures = publishFigures({
      ...base,
      floor: report({ seconds: 20, maxRssBytes: 150 * MB, bytes: 1.5e9, sha256: 'ab' }),
      publish: report({ seconds: 28, publicationId: 'p' }),
      work: report({ seconds: 25, bytes: 9.5e8, sha256: 'cd' }),
      verify: report({ seconds: 40, maxRssBytes: 480 * MB, ok: true, problems: [], problemCount: 0 }),
    });
    const byKey = new Map(figures.map((f) => [f.key, f]));
    expect(byKey.get('publish.publish')).toEqual({ key: 'publish.publish', params: { units: 20000, indicators: 400 }, value: 28, unit: 's', floor: 20, ratio: 1.4 });
    expect(byKey.get('publish.publishRss')).toEqual({ key: 'publish.publishRss', value: 400, unit: 'MB', floor: 150 });
    expect(byKey.get('publish.publishVsWork')).toEqual({ key: 'publish.publishVsWork', value: 28, unit: 's', floor: 25, ratio: 1.12 });
    expect(byKey.get('publish.work')).toEqual({ key: 'publish.work', params: { megabytes: 950 }, value: 25, unit: 's' });
    expect(byKey.get('publish.verify')).toEqual({ key: 'publish.verify', value: 40, unit: 's' });
    expect(byKey.get('publish.verifyRss')).toEqual({ key: 'publish.verifyRss', value: 480, unit: 'MB' });
    expect(byKey.get('publish.floor')).toEqual({ key: 'publish.floor', params: { answers: 8000000, results: 20000, megabytes: 1500 }, value: 20, unit: 's' });
    expect(figures.some((f) => f.failed !== undefined)).toBe(false);
  });

  it('marks a publish that threw as failed, with no ratio, its peak RSS up to then kept, and verify failed for want of a publication', () => {
    const figures = publishFigures({
      ...base,
      floor: report({ seconds: 20, bytes: 1e9 }),
      publish: report({ seconds: 95, maxRssBytes: 3000 * MB, failed: 'RangeError: Invalid string length' }),
      work: null,
      verify: null,
    });
    const byKey = new Map(figures.map((f) => [f.key, f]));
    expect(byKey.get('publish.publish')).toMatchObject({ value: 95, floor: 20, failed: 'RangeError: Invalid string length' });
    expect(byKey.get('publish.publish')!.ratio).toBeUndefined();
    expect(byKey.get('publish.publishRss')).toEqual({ key: 'publish.publishRss', value: 3000, unit: 'MB', floor: 400 });
    expect(byKey.get('publish.verify')!.failed).toBe('no publication to verify: publishing failed');
    expect(byKey.get('publish.work')!.failed).toBe('no publication to read: publishing failed');
    expect(byKey.get('publish.publishVsWork')).toEqual({ key: 'publish.publishVsWork', value: 95, unit: 's', failed: 'RangeError: Invalid string length' });
    expect(byKey.get('publish.verifyRss')!.failed).toBe('no publication to verify: publishing failed');
  });

  it('marks a verification that found problems as failed, naming how many and the first', () => {
    const figures = publishFigures({
      ...base,
      floor: report({ bytes: 1e9 }),
      publish: report({ publicationId: 'p' }),
      work: report({ failed: "the inputs or results read hash otherwise than run r's" }),
      verify: report({ ok: false, problems: ['00001: differs'], problemCount: 3 }),
    });
    expect(figures.find((f) => f.key === 'publish.verify')!.failed).toBe('3 problems: 00001: differs');
    // Work that failed is no measure: publishing gets no ratio to it.
    expect(figures.find((f) => f.key === 'publish.work')!.failed).toBe("the inputs or results read hash otherwise than run r's");
    expect(figures.find((f) => f.key === 'publish.publishVsWork')).toEqual({
      key: 'publish.publishVsWork',
      value: 10,
      unit: 's',
      failed: "no work to compare with: the inputs or results read hash otherwise than run r's",
    });
  });
});

describe("a child's report", () => {
  it('is the last line of its output', () => {
    expect(childReport('booting\n{"seconds":1.5,"maxRssBytes":2,"baselineRssBytes":1}\n', { code: 0, signal: null, stderr: '' })).toEqual({ seconds: 1.5, maxRssBytes: 2, baselineRssBytes: 1 });
  });

  it('of a child that died is a failure naming its exit and the end of its stderr', () => {
    const died = childReport('', { code: 134, signal: null, stderr: 'FATAL ERROR: Reached heap limit\nAllocation failed - JavaScript heap out of memory\n' });
    expect(died.failed).toBe('the process ended without a report (exit code 134): FATAL ERROR: Reached heap limit | Allocation failed - JavaScript heap out of memory');
    expect(Number.isNaN(died.seconds)).toBe(true);
    expect(childReport('', { code: null, signal: 'SIGKILL', stderr: '' }).failed).toBe('the process ended without a report (signal SIGKILL)');
  });
});
