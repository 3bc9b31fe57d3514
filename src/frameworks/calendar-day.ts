const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * "2020-12-31" as a day number (days since 1970-01-01, UTC), or undefined when the text is not a real calendar day
 * in that form ("2021-02-29" and "2020-13-01" are not). Day numbers compare and subtract as days.
 */
export function dayNumber(text: string): number | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, not Date.UTC, which reads the years 0..99 as 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** "06-30" as { month, day } when it is a day of some year (02-29 is: of a leap year), else undefined. */
export function monthDay(text: string): { month: number; day: number } | undefined {
  const match = MONTH_DAY.exec(text);
  if (!match) return undefined;
  const [month, day] = [Number(match[1]), Number(match[2])];
  // 2000 is a leap year: every day that exists in some year exists in it.
  return dayNumber(`2000-${match[1]}-${match[2]}`) === undefined ? undefined : { month, day };
}
