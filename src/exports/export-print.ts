import type { PrintSpec } from '../workbooks/sheet-spec';
import { vietnamTime } from '../workbooks/write-cells';

/** How the published workbooks print, and the few words of a publication they all say the same way. */

/** A moment's day in Vietnam, as people there write it: 12/07/2023. */
export function vietnamDate(at: Date): string {
  const d = vietnamTime(at)!;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** A publication's title: the framework's name with the data year once ("… (DTI) năm 2022", whatever year the name carries). */
export const publicationTitle = (frameworkNameVi: string, year: number): string => `${frameworkNameVi.replace(/\s*năm \d{4}\s*$/, '')} năm ${year}`;

/**
 * The print setup of every sheet of a published workbook: landscape, one page wide, the header row on every page,
 * and a footer that says where the numbers come from (the publication, its version) and when they were published.
 */
export function publicationPrint(pub: { version: number; publishedAt: Date }, title: string): PrintSpec {
  return { footer: { left: `Nguồn: ${title}, phiên bản công bố ${pub.version}`, right: `Công bố ngày ${vietnamDate(pub.publishedAt)}` } };
}
