/**
 * One figure of a benchmark suite: what is measured (a key, named in the output's language by the bench's words,
 * src/cli/output/bench-words.*.ts, with the numbers of `params` in its name), its value and unit, and the floor
 * measured beside it in the same run with their ratio.
 */
export interface BenchFigure {
  key: BenchFigureKey;
  params?: Record<string, number>;
  value: number;
  unit: BenchUnit;
  floor?: number;
  ratio?: number;
  /** The measurement did not complete: why (the table says failed in the value's place and the reason under it). */
  failed?: string;
}

export type BenchUnit = 'units/s' | 'rows/s' | 'ms' | 's' | 'MB' | 'req/s' | 'req' | '';

export type BenchFigureKey =
  | 'engine.throughput'
  | 'engine.wall'
  | 'engine.readAll'
  | 'engine.readRecords'
  | 'engine.compile'
  | 'scoring.requestToDone'
  | 'scoring.processor'
  | 'scoring.requestRun'
  | 'scoring.loadScoreInputs'
  | 'scoring.hashInputs'
  | 'scoring.computeScores'
  | 'scoring.hashResults'
  | 'scoring.write'
  | 'scoring.floorSelect'
  | 'scoring.floorCopy'
  | 'scoring.attempts'
  | 'workbook.exportProcess'
  | 'workbook.peakRss'
  | 'workbook.uncappedTime'
  | 'workbook.uncappedRss'
  | 'workbook.baselineRss'
  | 'workbook.fileSize'
  | 'workbook.floorMatrix'
  | 'workbook.publish'
  | 'publish.publish'
  | 'publish.publishRss'
  | 'publish.publishVsWork'
  | 'publish.publishBaselineRss'
  | 'publish.verify'
  | 'publish.verifyRss'
  | 'publish.floor'
  | 'publish.floorRss'
  | 'publish.work'
  | 'publish.generate'
  | 'publish.score'
  | 'http.saves'
  | 'http.p99'
  | 'http.p50'
  | 'http.savesFloor'
  | 'http.p99Floor'
  | 'http.signedIn'
  | 'http.signedInP99'
  | 'http.total'
  | 'http.refused'
  | 'http.ranking'
  | 'http.rankingSize'
  | 'cliStart.cold'
  | 'cliStart.second'
  | 'cliStart.changed'
  | 'cliStart.npx'
  | 'feeds.push'
  | 'feeds.request'
  | 'feeds.requestMax'
  | 'feeds.rate'
  | 'feeds.repeat'
  | 'demo.embedded'
  | 'demo.servers'
  | 'analysis.samples'
  | 'analysis.repeat'
  | 'whatif.median'
  | 'whatif.p95'
  | 'whatif.basis';
