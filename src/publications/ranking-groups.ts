import { competitionRanks } from '../engine';

/** A ranking group of a published level (the MDTI ranks ministries within two), with its units counted. */
export interface RankingGroup {
  code: string;
  nameVi: string;
  nameEn: string;
  count: number;
}

/**
 * The groups' names as the MDTI reports say them. A group the registry holds without a name here is shown by its
 * code: the registry, not this list, decides which groups exist.
 */
const GROUP_NAMES: Record<string, { vi: string; en: string }> = {
  with_public_services: { vi: 'Nhóm bộ, ngành có cung cấp dịch vụ công', en: 'Ministries and agencies with public services' },
  without_public_services: { vi: 'Nhóm bộ, ngành không cung cấp dịch vụ công', en: 'Ministries and agencies without public services' },
};

/** Groups with public services first (as the reports list them), then any other by code. */
const GROUP_ORDER = Object.keys(GROUP_NAMES);

export function rankingGroupName(code: string): { vi: string; en: string } {
  return GROUP_NAMES[code] ?? { vi: code, en: code };
}

/** The groups of a publication's rows, each with its number of units, in the reports' order; none when ungrouped. */
export function rankingGroups(rows: { unitGroup: string | null }[]): RankingGroup[] {
  const counts = new Map<string, number>();
  for (const r of rows) if (r.unitGroup !== null) counts.set(r.unitGroup, (counts.get(r.unitGroup) ?? 0) + 1);
  const order = (code: string) => (GROUP_ORDER.includes(code) ? GROUP_ORDER.indexOf(code) : GROUP_ORDER.length);
  return [...counts.keys()]
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((code) => {
      const name = rankingGroupName(code);
      return { code, nameVi: name.vi, nameEn: name.en, count: counts.get(code)! };
    });
}

/**
 * Last year's rank of each unit within its group, from last year's values of this group's ranked units (standard
 * competition ranking, as the group rank itself): the publication keeps last year's overall rank only, which a
 * group's table cannot compare with its group rank.
 */
export function previousGroupRanks(rows: { code: string; ranked: boolean; previous: { value: number | null } | null }[]): Map<string, number | null> {
  const ranked = rows.filter((r) => r.ranked && r.previous !== null);
  const ranks = competitionRanks(ranked.map((r) => r.previous!.value));
  return new Map(ranked.map((r, i) => [r.code, ranks[i]]));
}
