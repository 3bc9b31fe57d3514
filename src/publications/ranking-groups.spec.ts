import { previousGroupRanks, rankingGroupName, rankingGroups } from './ranking-groups';

describe('ranking groups', () => {
  it('lists the groups with public services first, each with its units counted, and none for an ungrouped ranking', () => {
    const rows = [{ unitGroup: 'without_public_services' }, { unitGroup: 'with_public_services' }, { unitGroup: 'without_public_services' }, { unitGroup: 'other_group' }];
    expect(rankingGroups(rows).map((g) => [g.code, g.count])).toEqual([
      ['with_public_services', 1],
      ['without_public_services', 2],
      ['other_group', 1],
    ]);
    expect(rankingGroups([{ unitGroup: null }])).toEqual([]);
    expect(rankingGroupName('with_public_services')).toEqual({ vi: 'Nhóm bộ, ngành có cung cấp dịch vụ công', en: 'Ministries and agencies with public services' });
    // A group the registry has and this list does not is shown by its code, never dropped.
    expect(rankingGroupName('other_group')).toEqual({ vi: 'other_group', en: 'other_group' });
  });

  it("ranks last year's values within the group, ties shared, leaving out units without one or not ranked", () => {
    const ranks = previousGroupRanks([
      { code: 'A', ranked: true, previous: { value: 0.7 } },
      { code: 'B', ranked: true, previous: { value: 0.9 } },
      { code: 'C', ranked: true, previous: { value: 0.7 } },
      { code: 'D', ranked: true, previous: null },
      { code: 'E', ranked: false, previous: { value: 0.99 } },
      { code: 'F', ranked: true, previous: { value: null } },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ B: 1, A: 2, C: 2, F: null });
  });
});
