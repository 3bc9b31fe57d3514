import type { PublishedEdition } from '../publications/public-results.service';
import type { MessageKey, Translate } from './i18n';

export interface FrontDoorEdition {
  year: number;
  level: string;
  levelName: string;
  version: number;
  publishedAt: Date;
  href: string;
}

/** The newest published year of each level, newest year first (the editions come newest first). */
export function latestEditions(editions: readonly PublishedEdition[], t: Translate): FrontDoorEdition[] {
  const seen = new Set<string>();
  const out: FrontDoorEdition[] = [];
  for (const e of editions) {
    if (seen.has(e.level)) continue;
    seen.add(e.level);
    const latest = e.versions.find((v) => v.version === e.latestVersion);
    out.push({
      year: e.year,
      level: e.level,
      levelName: t(`catalog.level.${e.level}` as MessageKey),
      version: e.latestVersion,
      publishedAt: latest?.publishedAt ?? e.publishedAt,
      href: `/rankings/${e.year}/${e.level}`,
    });
  }
  return out;
}
