import type { PublicReweighting, ReweightPart } from '../publications/reweighting';
import { localName, type Lang } from './i18n';
import { reweightEn } from './i18n/reweight.en';
import { reweightVi } from './i18n/reweight.vi';

type ReweightKey = keyof typeof reweightVi;

/** The re-weighting's words in the page's language, `{name}` placeholders filled. */
function reweightWords(lang: Lang): (key: ReweightKey, params?: Record<string, string | number>) => string {
  const words = lang === 'en' ? reweightEn : reweightVi;
  return (key, params) => words[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params?.[name] === undefined ? whole : String(params[name])));
}

/** The number formats the page script uses too: a weight with two or three decimals, a share in per cent. */
const weightFormat = (locale: string) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 3 });

/** One slider: a part of the index, its label, its official weight. */
export interface ReweightSlider {
  code: string;
  label: string;
  inputId: string;
  outputId: string;
  noteId: string;
  official: number;
  officialText: string;
  /** "Chính thức: 0,15": the slider's description. */
  officialNote: string;
}

/** What the page script (public/reweight.js) reads from the page's JSON block: the arithmetic's data and its words. */
export type ReweightScriptData = Extract<PublicReweighting, { available: true }> & {
  locale: string;
  /** Decimals of the index as the page shows it (the `number` filter's default). */
  decimals: number;
  text: Record<'official' | 'custom' | 'none' | 'caption' | 'up' | 'down' | 'same' | 'noOfficial' | 'valueText', string>;
};

/** The re-weighting section of the ranking page (views/ranking-reweight.njk), in the page's language. */
export interface ReweightPanel {
  words: Record<'summary' | 'intro' | 'rule' | 'grouped' | 'legend' | 'official' | 'link' | 'status', string>;
  withinGroups: boolean;
  sliders: ReweightSlider[];
  data: ReweightScriptData;
}

/**
 * The re-weighting section of a publication's ranking page, or null where its index cannot be re-weighted from the
 * published parts (reweightRule: one part only, or a points root that drops missing values): the page is then the
 * official ranking only, as it is without JavaScript.
 */
export function buildReweightPanel(reweighting: PublicReweighting, lang: Lang): ReweightPanel | null {
  if (!reweighting.available) return null;
  const w = reweightWords(lang);
  const locale = lang === 'en' ? 'en-GB' : 'vi-VN';
  const format = weightFormat(locale);
  const ruleKey = `pub.reweight.rule.${reweighting.rootAggregation}` as ReweightKey;
  const slider = (part: ReweightPart, i: number): ReweightSlider => ({
    code: part.code,
    label: localName({ nameVi: part.nameVi, nameEn: part.nameEn }, lang),
    // Ids by position: a part's code may hold characters an id should not.
    inputId: `reweight-${i}`,
    outputId: `reweight-${i}-value`,
    noteId: `reweight-${i}-official`,
    official: part.weight,
    officialText: format.format(part.weight),
    officialNote: w('pub.reweight.officialIs', { weight: format.format(part.weight) }),
  });
  return {
    words: {
      summary: w('pub.reweight.summary'),
      intro: w('pub.reweight.intro'),
      rule: w(ruleKey),
      grouped: w('pub.reweight.grouped'),
      legend: w('pub.reweight.legend'),
      official: w('pub.reweight.official'),
      link: w('pub.reweight.link'),
      status: w('pub.reweight.status.official'),
    },
    withinGroups: reweighting.withinGroups,
    sliders: reweighting.parts.map(slider),
    data: {
      ...reweighting,
      locale,
      decimals: 4,
      text: {
        official: w('pub.reweight.status.official'),
        custom: w('pub.reweight.status.custom'),
        none: w('pub.reweight.status.none'),
        caption: w('pub.reweight.caption'),
        up: w('pub.reweight.up'),
        down: w('pub.reweight.down'),
        same: w('pub.reweight.same'),
        noOfficial: w('pub.reweight.noOfficial'),
        valueText: w('pub.reweight.valueText'),
      },
    },
  };
}
