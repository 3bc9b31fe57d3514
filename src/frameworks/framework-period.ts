import type { Framework, FrameworkPeriod } from '../engine/framework.model';

export type { FrameworkPeriod } from '../engine/framework.model';

export const FRAMEWORK_PERIODS: readonly FrameworkPeriod[] = ['year', 'quarter', 'month'];

/** How long one period of the framework's series is: its `period`, or `year` when the file does not say. */
export function frameworkPeriod(doc: Pick<Framework, 'period'>): FrameworkPeriod {
  return doc.period ?? 'year';
}
