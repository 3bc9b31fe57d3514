import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PublishedAnalysisService } from '../analysis/published-analysis.service';
import { Public } from '../auth/public.decorator';
import { PublicResultsService } from '../publications/public-results.service';
import { UNIT_LEVELS, type UnitLevel } from '../units/unit-level';
import type { PublishedEdition } from '../publications/public-results.service';
import { buildNationalCardPage, type NationalCardPageModel } from './national-card-page.model';
import { Page, PageException, setPageHeaders } from './page';
import { buildEditionsPage, buildRankingPage, levelNameVi, type EditionsPageModel, type RankingPageModel } from './ranking-page.model';
import { rankingIntervalsOf, type RankingIntervalsPage } from './ranking-intervals.page';
import { buildReweightPanel, type ReweightPanel } from './ranking-reweight.model';
import { visitorLang } from './visitor-lang';

const NOT_PUBLISHED = (what: string) =>
  new PageException(404, 'Chưa có kết quả công bố', `${what} chưa được công bố. Xem danh sách các kỳ đã công bố để chọn kỳ khác.`);

/** A version asked for by ?version=: a publication version number, or a 400 page. */
/**
 * The page's language: the language switch's cookie, else the browser's preference (Vietnamese first). A page cached
 * for an hour (a fixed version) is kept per language.
 */
function pageLanguage(req: Request, res: Response) {
  res.vary('Accept-Language');
  res.vary('Cookie');
  return visitorLang(req);
}

function versionAsked(versionText: unknown): number | undefined {
  if (versionText === undefined) return undefined;
  if (typeof versionText !== 'string' || !/^[1-9]\d{0,3}$/.test(versionText)) {
    throw new PageException(400, 'Phiên bản không hợp lệ', 'Tham số version phải là số phiên bản công bố, ví dụ ?version=1.');
  }
  return Number(versionText);
}

/**
 * The public ranking pages: the published editions, one edition's ranking tables and charts (one per group of a
 * grouped level), and the national score card.
 */
@ApiExcludeController()
@Public()
@Page()
@Controller('rankings')
export class RankingPageController {
  constructor(
    private readonly results: PublicResultsService,
    private readonly analyses: PublishedAnalysisService,
  ) {}

  @Get()
  @Render('editions.njk')
  async editions(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<EditionsPageModel> {
    return buildEditionsPage(await this.results.editions(), pageLanguage(req, res));
  }

  /** The national level publishes one unit: its score card, never a ranking of one. Declared before ':year/:level'. */
  @Get(':year/national')
  @Render('national-card.njk')
  async nationalCard(
    @Param('year') yearText: string,
    @Query('version') versionText: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NationalCardPageModel> {
    const { year, version, edition } = await this.editionAsked(yearText, 'national', versionText);
    const card = await this.results.nationalCard(year, version);
    setPageHeaders(res, version !== undefined ? 'immutable' : 'revalidate');
    return buildNationalCardPage(card, edition, pageLanguage(req, res));
  }

  @Get(':year/:level')
  @Render('ranking.njk')
  async ranking(
    @Param('year') yearText: string,
    @Param('level') levelText: string,
    @Query('version') versionText: unknown,
    @Query('unit') unit: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RankingPageModel & RankingIntervalsPage & { reweight: ReweightPanel | null }> {
    const { year, level, version, edition } = await this.editionAsked(yearText, levelText, versionText);
    const ranking = await this.results.ranking(year, level, version);
    const analysis = await this.analyses.ofPublication(ranking.publicationId);
    // A grouped level's tables are its groups' rankings, as the public API serves them (?group=).
    const byGroup = await Promise.all(ranking.groups.map((g) => this.results.ranking(year, level, version, g.code)));
    // The reader re-weighting's data (ranking-reweight.njk), of the version the tables show.
    const reweighting = await this.results.reweighting(year, level, ranking.version);
    // A version asked for by number never changes; the latest may be corrected, so it is checked each time.
    setPageHeaders(res, version !== undefined ? 'immutable' : 'revalidate');
    const page = buildRankingPage(ranking, edition, {
      selectedUnit: typeof unit === 'string' ? unit : undefined,
      versionAsked: version !== undefined,
      byGroup,
      lang: pageLanguage(req, res),
    });
    return { ...page, ...rankingIntervalsOf(analysis, page, version), reweight: buildReweightPanel(reweighting, page.lang) };
  }

  /** The year, level and version an address names, and their published edition; a 404 page for what is not published. */
  private async editionAsked(
    yearText: string,
    levelText: string,
    versionText: unknown,
  ): Promise<{ year: number; level: string; version: number | undefined; edition: PublishedEdition }> {
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
    const level = UNIT_LEVELS.includes(levelText as UnitLevel) ? levelText : null;
    if (year === null || level === null) throw NOT_PUBLISHED('Kết quả bạn tìm');
    const version = versionAsked(versionText);
    const edition = (await this.results.editions()).find((e) => e.year === year && e.level === level);
    const title = `Bộ chỉ số DTI ${year} ${levelNameVi(level)}`;
    if (!edition) throw NOT_PUBLISHED(title);
    if (version !== undefined && !edition.versions.some((v) => v.version === version)) {
      throw NOT_PUBLISHED(`Phiên bản ${version} của ${title}`);
    }
    return { year, level, version, edition };
  }
}
