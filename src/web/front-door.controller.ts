import { Controller, Get, Redirect, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { PublicResultsService } from '../publications/public-results.service';
import { PublicSeriesService } from '../publications/public-series.service';
import { translator } from './i18n';
import { Page } from './page';
import { renderPage } from './web-auth';
import { latestEditions } from './front-door.model';
import { seriesLinks } from './monitoring-page.model';
import { ASSETS_PREFIX } from './view-setup';
import { visitorLang } from './visitor-lang';

/** The site's front door: what this is, the latest published rankings, and the way in for the people who work here. */
@ApiExcludeController()
@Public()
@Page()
@Controller()
export class FrontDoorController {
  constructor(
    private readonly results: PublicResultsService,
    private readonly series: PublicSeriesService,
  ) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = visitorLang(req);
    const t = translator(lang);
    const latest = latestEditions(await this.results.editions(), t);
    // The monthly monitoring series published, each to its latest month's league table.
    const monitoring = seriesLinks(await this.series.list(), lang);
    await renderPage(res, 'front-door.njk', { lang, t, title: t('site.home.title'), description: t('site.home.lead'), latest, monitoring });
  }

  // Browsers ask for /favicon.ico whatever the page says: send them to the one icon.
  @Get('favicon.ico')
  @Redirect(`${ASSETS_PREFIX}/favicon.svg`, 301)
  favicon(): void {}
}
