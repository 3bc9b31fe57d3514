import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
 
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { intFromText, ParseIdPipe } from '../common/validators';
import { versionFrom } from '../common/if-match';
import type { Page } from '../common/pagination.dto';
import { ROLES, Role } from '../auth/role';
import { CloneFrameworkDto } from './dto/clone-framework.dto';
import { ListFrameworksQuery } from './dto/list-frameworks.query';
import { FrameworkBody, YAML_MEDIA_TYPES } from './framework-body';
import type { FrameworkDiff } from './framework-diff';
import type { FrameworkDetail, FrameworkSummary } from './framework.view';
import { FrameworksService, type FrameworkSource } from './frameworks.service';

/** ?rowVersion=3 */
function rowVersionNumber(raw: string): number {
  return intFromText(raw, 'rowVersion', 1);
}

@ApiTags('frameworks')
@ApiBearerAuth()
@Controller('api/v1/frameworks')
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  @Post('validate')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiConsumes('application/json', ...YAML_MEDIA_TYPES)
  async validate(@FrameworkBody() source: FrameworkSource): Promise<{ valid: true; code: string; version: string }> {
    const framework = await this.frameworks.validate(source);
    return { valid: true, code: framework.code, version: framework.version };
  }

  @Post()
  @Roles(Role.Admin)
  @ApiConsumes('application/json', ...YAML_MEDIA_TYPES)
  import(@CurrentActor() actor: Actor, @FrameworkBody() source: FrameworkSource): Promise<FrameworkDetail> {
    return this.frameworks.import(actor, source);
  }

  @Get()
  @Roles(...ROLES)
  list(@Query() query: ListFrameworksQuery): Promise<Page<FrameworkSummary>> {
    return this.frameworks.list(query);
  }

  @Get(':id')
  @Roles(...ROLES)
  get(@Param('id', ParseIdPipe) id: string): Promise<FrameworkDetail> {
    return this.frameworks.get(id);
  }

  @Put(':id')
  @Roles(Role.Admin)
  @ApiConsumes('application/json', ...YAML_MEDIA_TYPES)
  replace(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Query('rowVersion') rowVersion: string | undefined,
    @FrameworkBody() source: FrameworkSource,
  ): Promise<FrameworkDetail> {
    return this.frameworks.replace(actor, id, versionFrom(ifMatch, rowVersion === undefined ? undefined : rowVersionNumber(rowVersion), 'rowVersion'), source);
  }

  @Post(':id/clone')
  @Roles(Role.Admin)
  clone(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CloneFrameworkDto,
  ): Promise<FrameworkDetail> {
    return this.frameworks.clone(actor, id, dto.version);
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.frameworks.remove(actor, id);
  }

  @Get(':id/diff/:otherId')
  @Roles(...ROLES)
  diff(
    @Param('id', ParseIdPipe) id: string,
    @Param('otherId', ParseIdPipe) otherId: string,
  ): Promise<FrameworkDiff> {
    return this.frameworks.diff(id, otherId);
  }

  @Get(':id/export')
  @Roles(...ROLES)
  async export(@Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    const { fileName, text } = await this.frameworks.exportYaml(id);
    // attachment() sets a type from the extension; ours goes after it.
    res.attachment(fileName).type('application/yaml; charset=utf-8').send(text);
  }
}
