import { Controller, Get, Param, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { PublicResultsService } from '../publications/public-results.service';
import { UNIT_LEVELS, type UnitLevel } from '../units/unit-level';
import { Page, PageException, setPageHeaders } from './page';
import { buildEditionsPage, buildRankingPage, levelNameVi, type EditionsPageModel, type RankingPageModel } from './ranking-page.model';

const NOT_PUBLISHED = (what: string) =>
  new PageException(404, 'Chưa có kết quả công bố', `${what} chưa được công bố. Xem danh sách các kỳ đã công bố để chọn kỳ khác.`);

/** The public ranking pages: the published editions, and one edition's ranking table and charts. */
@ApiExcludeController()
@Public()
@Page()
@Controller('rankings')
export class RankingPageController {
  constructor(private readonly results: PublicResultsService) {}

  @Get()
  @Render('editions.njk')
  async editions(): Promise<EditionsPageModel> {
    return buildEditionsPage(await this.results.editions());
  }

  @Get(':year/:level')
  @Render('ranking.njk')
  async ranking(
    @Param('year') yearText: string,
    @Param('level') levelText: string,
    @Query('version') versionText: unknown,
    @Query('unit') unit: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RankingPageModel> {
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
    const level = UNIT_LEVELS.includes(levelText as UnitLevel) ? levelText : null;
    if (year === null || level === null) throw NOT_PUBLISHED('Kết quả bạn tìm');
    let version: number | undefined;
    if (versionText !== undefined) {
      if (typeof versionText !== 'string' || !/^[1-9]\d{0,3}$/.test(versionText)) {
        throw new PageException(400, 'Phiên bản không hợp lệ', 'Tham số version phải là số phiên bản công bố, ví dụ ?version=1.');
      }
      version = Number(versionText);
    }
    const edition = (await this.results.editions()).find((e) => e.year === year && e.level === level);
    const title = `Bộ chỉ số DTI ${year} ${levelNameVi(level)}`;
    if (!edition) throw NOT_PUBLISHED(title);
    if (version !== undefined && !edition.versions.some((v) => v.version === version)) {
      throw NOT_PUBLISHED(`Phiên bản ${version} của ${title}`);
    }
    const ranking = await this.results.ranking(year, level, version);
    // A version asked for by number never changes; the latest may be corrected, so it is checked each time.
    setPageHeaders(res, version !== undefined ? 'immutable' : 'revalidate');
    return buildRankingPage(ranking, edition, {
      selectedUnit: typeof unit === 'string' ? unit : undefined,
      versionAsked: version !== undefined,
    });
  }
}
