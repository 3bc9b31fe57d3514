import type { reweightVi } from './reweight.vi';

/** The ranking page's reader re-weighting in English: the keys of reweight.vi.ts. */
export const reweightEn: Record<keyof typeof reweightVi, string> = {
  'pub.reweight.summary': 'Choose your own weights',
  'pub.reweight.intro':
    "Move the sliders to change the weight of each part of the index: the ranking is computed again in your browser from the parts' published values, exactly as the scoring engine computes it at those weights. A ranking at weights of your choosing is not the official result; the charts keep the official one.",
  'pub.reweight.rule.points':
    "The official index is the parts' points over their maximum points: a part's official weight is its share of the maximum points. At other weights the index is the weighted mean of the parts' values (the weights divided by their sum).",
  'pub.reweight.rule.weighted_mean': "The index is the weighted mean of the parts' values; the weights are divided by their sum.",
  'pub.reweight.rule.geometric_mean': "The index is the weighted geometric mean of the parts' values; the weights are divided by their sum.",
  'pub.reweight.grouped': 'Units are ranked within their own group, as in the official result.',
  'pub.reweight.legend': 'Weights of the parts (0 to 1)',
  'pub.reweight.officialIs': 'Official: {weight}',
  'pub.reweight.valueText': '{weight}, that is {share} of the total weight',
  'pub.reweight.official': 'Official weights',
  'pub.reweight.link': 'Link that keeps these weights',
  'pub.reweight.status.official': 'Showing the official ranking.',
  'pub.reweight.status.custom': 'Showing the ranking at your weights (not official).',
  'pub.reweight.status.none': 'Every weight is 0: no unit has an index.',
  'pub.reweight.caption': ' (at your weights, not official)',
  'pub.reweight.up': 'up {places} from official rank {rank}',
  'pub.reweight.down': 'down {places} from official rank {rank}',
  'pub.reweight.same': 'as the official rank',
  'pub.reweight.noOfficial': 'no official rank',
};
