import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { Public } from '../auth/public.decorator';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { PublicEditionParams, PublicRankingQuery, PublicUnitParams, PublicVersionQuery, PublicYearParams } from './dto/public-query';
import { notModified, publicEtag, setPublicCaching } from './public-caching';
import { rankingPage } from './public-ranking-body';
import { PUBLIC_RANKING_EXAMPLE } from './public-ranking.examples';
import { PublicResultsService } from './public-results.service';

/** Published results, for anyone, without signing in. */
@ApiTags('public')
@Public()
@Controller('api/v1/public')
export class PublicResultsController {
  constructor(private readonly results: PublicResultsService) {}

  /** The years and levels published, with every version. */
  @ApiDoc({ summary: 'List the published editions', does: 'Every year and level published, newest first, with each version (its sha256 and, for a correction, its reason).' })
  @Get('editions')
  editions() {
    return this.results.editions();
  }

  /**
   * A ranking; of a grouped level (ministry) the groups are listed with each row's group and group rank, or one
   * group's rows are given (?group=). The national level is refused (409): its result is the score card below.
   */
  @ApiDoc({
    summary: 'Read a published ranking',
    does:
      "A year and level's published ranking (the latest version unless ?version=): each unit's rank, index, top-level groups, main indicators and pillars, and last year's value and rank. A grouped level (ministry: with and without public services) lists its groups and gives each row its group and group rank; ?group= serves one group's rows with the group rank as the rank. ?limit= gives a page of the rows with `next`, the cursor of the page after it (?cursor=). Sent with an ETag (If-None-Match answered 304) and Cache-Control: a minute for the latest version, a day for a ?version=.",
    refusals: [
      invalid("year, level, version, group (one of the publication's: details name the allowed values), limit (1..1000) or cursor (a page's next of this version and group)"),
      notFound('publication of the year, level and version'),
      refusal(ErrorCode.Conflict, 'the national level publishes one unit: its score card (details.scoreCard), never a ranking of one', RefusalReason.LevelNotRanked),
    ],
    responseExample: PUBLIC_RANKING_EXAMPLE,
  })
  @Get('rankings/:year/:level')
  async ranking(@Param() p: PublicEditionParams, @Query() q: PublicRankingQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (q.cursor !== undefined && q.limit === undefined) {
      throw DomainException.validation([{ field: 'limit', rule: 'isDefined', message: 'limit must be given with a cursor (the rows of a page)' }]);
    }
    const edition = await this.results.rankingEdition(p.year, p.level, q.version);
    const { id, sha256, version } = edition.publication;
    const etag = publicEtag([id, sha256, version, edition.unitsChangedAt, q.group, q.limit, q.cursor]);
    // Answered before the rows are read or built: the reply of this edition and query never changes.
    if (notModified(req, etag)) {
      setPublicCaching(res, etag, q.version !== undefined);
      res.status(304).end();
      return;
    }
    const body = await this.results.rankingBody(edition, q.group);
    const bytes = q.limit === undefined ? body.full : rankingPage(body, q.limit, q.cursor);
    setPublicCaching(res, etag, q.version !== undefined);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', bytes.length);
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  /** The national score card: the index, each group with its value and points, and the change from the previous edition. */
  @ApiDoc({
    summary: 'Read the national score card',
    does: "The national publication's one unit (Việt Nam): its index, each top-level group and pillar with value and points, and the change from the previous national edition (null when none).",
    refusals: [invalid('year or version'), notFound('national publication of the year and version')],
  })
  @Get('rankings/:year/national/card')
  nationalCard(@Param() p: PublicYearParams, @Query() q: PublicVersionQuery) {
    return this.results.nationalCard(p.year, q.version);
  }

  @ApiDoc({
    summary: "Read a unit's published score card",
    does: "One unit's published values per node (value, points, contribution, rank), in the framework's order, with its rank, group rank and last year's value.",
    refusals: [invalid('year, level, code or version'), notFound('publication, or unit in it')],
  })
  @Get('rankings/:year/:level/units/:code')
  async scoreCard(@Param() p: PublicUnitParams, @Query() q: PublicVersionQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const [publication, unitsChangedAt] = await Promise.all([this.results.publication(p.year, p.level, q.version), this.results.unitsChangedAt()]);
    const etag = publicEtag([publication.id, publication.sha256, publication.version, unitsChangedAt, 'unit', p.code]);
    await sendCached(req, res, etag, q.version !== undefined, () => this.results.scoreCardOf(publication, p.code));
  }

  @ApiDoc({
    summary: 'Read the methodology of a publication',
    does: "The framework a publication was scored by: its tree with points, weights, rules and sources, as published.",
    refusals: [invalid('year, level or version'), notFound('publication of the year, level and version')],
  })
  @Get('methodology/:year/:level')
  async methodology(@Param() p: PublicEditionParams, @Query() q: PublicVersionQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const publication = await this.results.publication(p.year, p.level, q.version);
    const etag = publicEtag([publication.id, publication.sha256, publication.version, 'methodology']);
    await sendCached(req, res, etag, q.version !== undefined, () => this.results.methodologyOf(publication));
  }
}

/**
 * A public read of a publication: 304 when If-None-Match names its ETag (nothing built), else the body built and sent
 * as JSON with its caching headers (set only once it is built: a refusal carries none).
 */
async function sendCached(req: Request, res: Response, etag: string, versionAsked: boolean, build: () => Promise<unknown>): Promise<void> {
  if (notModified(req, etag)) {
    setPublicCaching(res, etag, versionAsked);
    res.status(304).end();
    return;
  }
  const body = await build();
  setPublicCaching(res, etag, versionAsked);
  res.json(body);
}
