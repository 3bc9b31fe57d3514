/** The platform's queues (DESIGN.md, "Queues and processes"); one producer service per queue. */
export enum QueueName {
  Scoring = 'scoring',
  Exports = 'exports',
  Imports = 'imports',
  /** Housekeeping on a schedule (scheduled-job.ts): sweeps and checks that no user asks for. */
  Maintenance = 'maintenance',
  /** Uncertainty and sensitivity analyses of score runs (src/analysis): long, CPU-bound jobs. */
  Analysis = 'analysis',
}

export const QUEUE_NAMES = Object.values(QueueName);
