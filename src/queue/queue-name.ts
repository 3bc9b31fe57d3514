/** The platform's queues (DESIGN.md, "Queues and processes"); one producer service per queue. */
export enum QueueName {
  Scoring = 'scoring',
  Exports = 'exports',
  Imports = 'imports',
}

export const QUEUE_NAMES = Object.values(QueueName);
