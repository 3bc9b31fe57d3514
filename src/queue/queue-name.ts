/** The platform's queues (DESIGN.md, "Queues and processes"); one producer service per queue. */
export enum QueueName {
  Scoring = 'scoring',
  Exports = 'exports',
  Imports = 'imports',
  /** Housekeeping on a schedule (scheduled-job.ts): sweeps and checks that no user asks for. */
  Maintenance = 'maintenance',
  /** Uncertainty and sensitivity analyses of score runs (src/analysis): long, CPU-bound jobs. */
  Analysis = 'analysis',
  /** Publishing and correcting a cycle (src/publications): a score run frozen as a publication, one job per request. */
  Publication = 'publication',
}

export const QUEUE_NAMES = Object.values(QueueName);
