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
import { ApiBearerAuth, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal, STALE_VERSION, type Refusal } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
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

/** A framework file's refusals: its shape (every mistake with its path), its size. */
const FILE_REFUSALS: Refusal[] = [
  invalid('the body (not JSON or YAML)'),
  refusal(ErrorCode.PayloadTooLarge, 'the file is over the framework size limit'),
  refusal(ErrorCode.UnprocessableEntity, 'the framework breaks its schema or rules (details: each mistake with its path)'),
];
const IMMUTABLE = refusal(ErrorCode.Conflict, 'the version is used by a cycle (immutable: details.lockedReason): clone it to change it');

@ApiTags('frameworks')
@ApiBearerAuth()
@Controller('api/v1/frameworks')
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  @ApiDoc({
    summary: 'Check a framework file',
    does: 'Reads a framework (JSON or YAML) and answers whether it is valid, without storing it.',
    refusals: FILE_REFUSALS,
  })
  @Post('validate')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiConsumes('application/json', ...YAML_MEDIA_TYPES)
  async validate(@FrameworkBody() source: FrameworkSource): Promise<{ valid: true; code: string; version: string }> {
    const framework = await this.frameworks.validate(source);
    return { valid: true, code: framework.code, version: framework.version };
  }

  @ApiDoc({
    summary: 'Import a framework version',
    does: 'Stores a framework file (JSON or YAML) as a new version of its code; audited.',
    refusals: [...FILE_REFUSALS, refusal(ErrorCode.Conflict, 'the code and version are already stored', RefusalReason.FrameworkVersionExists)],
  })
  @Post()
  @Roles(Role.Admin)
  @ApiConsumes('application/json', ...YAML_MEDIA_TYPES)
  import(@CurrentActor() actor: Actor, @FrameworkBody() source: FrameworkSource): Promise<FrameworkDetail> {
    return this.frameworks.import(actor, source);
  }

  @ApiDoc({
    summary: 'List framework versions',
    does: 'The stored versions, a page at a time, of a code, a level or a year.',
    refusals: [invalid('a query parameter')],
  })
  @Get()
  @Roles(...ROLES)
  list(@Query() query: ListFrameworksQuery): Promise<Page<FrameworkSummary>> {
    return this.frameworks.list(query);
  }

  @ApiDoc({ summary: 'Read a framework version', does: 'One version with its tree of indicators.', refusals: [invalid('id'), notFound('framework')] })
  @Get(':id')
  @Roles(...ROLES)
  get(@Param('id', ParseIdPipe) id: string): Promise<FrameworkDetail> {
    return this.frameworks.get(id);
  }

  @ApiDoc({
    summary: 'Replace a framework version',
    does: 'Replaces the document of a version no cycle uses yet, given its rowVersion (If-Match or ?rowVersion=); code and version stay; audited.',
    refusals: [
      ...FILE_REFUSALS,
      notFound('framework'),
      STALE_VERSION,
      IMMUTABLE,
      refusal(ErrorCode.Conflict, 'the file names another code or version: import it as a new version'),
    ],
  })
  @ApiQuery({ name: 'rowVersion', required: false, type: Number, description: 'the version read (or send it in If-Match)' })
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

  @ApiDoc({
    summary: 'Clone a framework version',
    does: 'Copies a version as a new, changeable version of the same code; audited.',
    refusals: [invalid(), notFound('framework'), refusal(ErrorCode.Conflict, 'the new version is already stored', RefusalReason.FrameworkVersionExists)],
  })
  @Post(':id/clone')
  @Roles(Role.Admin)
  clone(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CloneFrameworkDto,
  ): Promise<FrameworkDetail> {
    return this.frameworks.clone(actor, id, dto.version);
  }

  @ApiDoc({ summary: 'Delete a framework version', does: 'Deletes a version no cycle uses; audited.', refusals: [invalid('id'), notFound('framework'), IMMUTABLE] })
  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.frameworks.remove(actor, id);
  }

  @ApiDoc({
    summary: 'Compare two framework versions',
    does: 'The indicators and nodes added, removed and changed from one version to the other.',
    refusals: [invalid('id or otherId'), notFound('framework')],
  })
  @Get(':id/diff/:otherId')
  @Roles(...ROLES)
  diff(
    @Param('id', ParseIdPipe) id: string,
    @Param('otherId', ParseIdPipe) otherId: string,
  ): Promise<FrameworkDiff> {
    return this.frameworks.diff(id, otherId);
  }

  @ApiDoc({ summary: 'Download a framework version as YAML', does: 'The version as a YAML file (an attachment).', refusals: [invalid('id'), notFound('framework')] })
  @Get(':id/export')
  @Roles(...ROLES)
  async export(@Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    const { fileName, text } = await this.frameworks.exportYaml(id);
    // attachment() sets a type from the extension; ours goes after it.
    res.attachment(fileName).type('application/yaml; charset=utf-8').send(text);
  }
}
