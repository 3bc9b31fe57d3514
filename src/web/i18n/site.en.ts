import type { siteVi } from './site.vi';

/** The front door (/) and the page of an address that does not exist, in English. */
export const siteEn: { [K in keyof typeof siteVi]: string } = {
  'site.home.title': 'Digital transformation index assessment platform',
  'site.home.lead':
    'Where ministries, sectors and provinces assess their digital transformation with evidence, experts review and score it, and the yearly ranking (the DTI) is computed, published, frozen and exported to Excel.',
  'site.home.latest': 'Latest published results',
  'site.home.none': 'Nothing has been published yet.',
  'site.home.edition': 'DTI {year} — {level}',
  'site.home.version': 'version {version}',
  'site.home.allEditions': 'Every published edition',
  'site.home.work': 'For the people who do the work',
  'site.home.workLead': 'Unit officers, expert reviewers and administrators sign in to work.',
  'site.home.api': 'API documentation (OpenAPI)',
  'site.notFound.title': 'Page not found',
  'site.notFound.message': 'There is no page at {path}. The address may be mistyped, or the page has moved.',
  'site.notFound.home': 'Go to the home page',
};
