import type { NationalCardPart, NationalScoreCard } from '../publications/national-score-card';
import type { PublishedEdition } from '../publications/public-results.service';
import { localName, translator, type Lang, type Translate } from './i18n';
import { editionFacts, rankingPath, rankingTitle, type EditionFacts } from './ranking-page.model';

/** The change of a value from the previous edition, as the card shows it. */
export interface ValueChange {
  direction: 'up' | 'down' | 'same' | null;
  amount: number | null;
}

export interface NationalCardPageModel extends EditionFacts {
  lang: Lang;
  t: Translate;
  title: string;
  year: number;
  framework: NationalScoreCard['framework'];
  unit: NationalScoreCard['unit'];
  /** The unit's name in the page's language. */
  unitName: string;
  index: number | null;
  indexChange: ValueChange;
  previous: NationalScoreCard['previous'];
  parts: (NationalCardPart & { name: string; trend: ValueChange })[];
  /** The indicators below the groups, each with its name in the page's language. */
  indicators: (NationalScoreCard['lines'][number] & { name: string })[];
  hasIllustrative: boolean;
  links: { self: string; latest: string; json: string; editions: string; previous: string | null };
  /** The bar chart of the groups' values, this edition's and the previous one's. */
  chart: {
    labels: string[];
    values: (number | null)[];
    previous: (number | null)[] | null;
    /** The two datasets' names ("Năm 2024"), and the numbers' locale. */
    label: string;
    previousLabel: string | null;
    locale: string;
  };
}

export function valueChange(amount: number | null): ValueChange {
  return { direction: amount === null ? null : amount > 0 ? 'up' : amount < 0 ? 'down' : 'same', amount };
}

/** The national score card page: one unit (Việt Nam), its index and groups with the change, never a table of one. */
export function buildNationalCardPage(card: NationalScoreCard, edition: PublishedEdition, lang: Lang = 'vi'): NationalCardPageModel {
  const { year, version } = card;
  const t = translator(lang);
  const named = (p: NationalCardPart) => localName({ nameVi: p.nameVi, nameEn: p.nameEn }, lang);
  const groups = card.parts.filter((p) => p.kind === 'group');
  return {
    lang,
    t,
    title: rankingTitle(year, 'national', t),
    year,
    ...editionFacts(edition, 'national', version, card.sha256),
    framework: card.framework,
    unit: card.unit,
    unitName: localName(card.unit, lang),
    index: card.index,
    indexChange: valueChange(card.previous?.change ?? null),
    previous: card.previous,
    parts: card.parts.map((p) => ({ ...p, name: named(p), trend: valueChange(p.change) })),
    indicators: card.lines.filter((l) => l.depth > 0).map((l) => ({ ...l, name: localName(l, lang) })),
    hasIllustrative: card.lines.some((l) => l.illustrative),
    links: {
      self: rankingPath(year, 'national', version),
      latest: rankingPath(year, 'national'),
      json: `/api/v1/public/rankings/${year}/national/card?version=${version}`,
      editions: '/rankings',
      previous: card.previous ? rankingPath(card.previous.year, 'national') : null,
    },
    chart: {
      labels: groups.map(named),
      values: groups.map((g) => g.value),
      previous: card.previous ? groups.map((g) => g.previousValue) : null,
      label: t('pub.card.year', { year }),
      previousLabel: card.previous ? t('pub.card.year', { year: card.previous.year }) : null,
      locale: lang === 'en' ? 'en-GB' : 'vi-VN',
    },
  };
}
