import { Body, Controller, Get, Header, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ParseIdPipe } from '../common/validators';
import { Role } from '../auth/role';
import { CorrectPublicationDto, PublishDto } from './dto/publish.dto';
import { PublicationsService, type PublicationView, type VerifyReport } from './publications.service';

@ApiTags('publications')
@ApiBearerAuth()
@Controller('api/v1')
export class PublicationsController {
  constructor(private readonly publications: PublicationsService) {}

  /** Freezes a run as version 1 and publishes the cycle. */
  @Post('cycles/:cycleId/publications')
  @Roles(Role.Admin)
  publish(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() dto: PublishDto): Promise<PublicationView> {
    return this.publications.publish(actor, cycleId, dto.runId);
  }

  /** A correction: the next version, with its reason; the earlier ones stay readable. */
  @Post('cycles/:cycleId/publications/corrections')
  @Roles(Role.Admin)
  correct(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Body() dto: CorrectPublicationDto,
  ): Promise<PublicationView> {
    return this.publications.correct(actor, cycleId, dto.runId, dto.reason);
  }

  @Get('cycles/:cycleId/publications')
  @Roles(Role.Admin)
  list(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<PublicationView[]> {
    return this.publications.list(cycleId);
  }

  /**
   * The frozen snapshot, exactly the text that was hashed: anyone holding it can check the sha256 (also sent as the
   * ETag) and recompute the results with the engine.
   */
  @Get('publications/:id/snapshot')
  @Roles(Role.Admin)
  @Header('content-type', 'application/json; charset=utf-8')
  async snapshot(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { text, sha256 } = await this.publications.snapshot(id);
    res.setHeader('etag', `"${sha256}"`);
    return text;
  }

  @Get('publications/:id/verify')
  @Roles(Role.Admin)
  verify(@Param('id', ParseIdPipe) id: string): Promise<VerifyReport> {
    return this.publications.verify(id);
  }
}
