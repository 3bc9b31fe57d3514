/** How an export reports how far it is: a fraction 0..1, awaited (the job's progress is written in order). */
export type ExportProgress = (fraction: number) => void | Promise<void>;
