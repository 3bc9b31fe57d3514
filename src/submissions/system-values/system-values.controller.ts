import { Controller, Get, HttpCode, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiConsumes, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Actor } from '../../auth/actor';
import { ApiDoc, invalid, notFound, refusal, UPLOAD_REFUSALS } from '../../auth/api-doc';
import { DomainException } from '../../common/domain.exception';
import { ErrorCode } from '../../common/error-code';
import { ParseIdPipe } from '../../common/validators';
import { CyclesService } from '../../cycles/cycles.service';
import { unitsByIdsByCode } from '../../units/units.queries';
import type { RawValue } from '../../engine/types';
import { Role } from '../../auth/role';
import { ImportUploadQuery } from '../dto/import-upload.dto';
import type { ImportJobView } from '../imports/import-job.view';
import { ImportsService } from '../imports/imports.service';
import { UploadGate } from '../../storage/upload-gate';
import { ImportFileInterceptor } from '../imports/upload-interceptor';
import { SubmissionAccessRegistry } from '../submission-access.registry';
import { SubmissionUploadChecks } from '../upload-checks';
import type { SystemValueSource } from '../system-value.entity';
import { assertImportable } from './system-values-import.handler';

export class SystemValuesQuery {
  @ApiPropertyOptional({ description: 'only this unit' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export interface SystemValueView {
  unitId: string;
  unitCode: string;
  unitName: string;
  indicatorCode: string;
  value: RawValue;
  /** The import that wrote it (source import), else null. */
  importJobId: string | null;
  /** Where it came from: an imported file, a national system's feed, or the monthly monitoring of a series. */
  source: SystemValueSource;
  /** The feed's batch (feed), the monthly cycle it was taken from (monitoring); null for an import. */
  sourceId: string | null;
  importedAt: Date;
}

/** The values of a cycle's system-measured indicators (`source: system`): imported by an admin from a file, read back. */
@ApiTags('submissions')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/system-values')
export class SystemValuesController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly imports: ImportsService,
    private readonly access: SubmissionAccessRegistry,
  ) {}

  @ApiDoc({
    summary: 'Import system-measured values',
    does:
      "A CSV, XLSX or JSON file of the values of the cycle's `source: system` indicators (multipart field `file`; columns unit, indicator, value, optional note and source; a numbers indicator one column per input). 202 with the import job; its state, progress and report (one entry per row) at GET /api/v1/imports/{id}. With ?dryRun=true it reads and reports only.",
    refusals: [
      invalid('cycleId, dryRun, or no file'),
      notFound('cycle'),
      refusal(ErrorCode.WrongPhase, 'the cycle is past the phases that take system values'),
      ...UPLOAD_REFUSALS,
    ],
  })
  /**
   * A CSV, XLSX or JSON file of values (multipart field `file`; columns unit, indicator, value, optional note and
   * source; a numbers indicator one column per input), read by a job: 202 with the import to follow at
   * /api/v1/imports/:id, whose report has one entry per row.
   */
  @Post()
  @Roles(Role.Admin)
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(UploadGate(SubmissionUploadChecks, 'systemValues'), ImportFileInterceptor())
  async upload(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Query() query: ImportUploadQuery,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<ImportJobView> {
    assertImportable(await this.cycles.find(this.db.manager, cycleId));
    if (!file) throw DomainException.validation([{ field: 'file', rule: 'required', message: 'send the CSV, XLSX or JSON file in the multipart field "file"' }]);
    return this.imports.create(actor, {
      kind: 'system_values',
      cycleId,
      unitId: null,
      dryRun: query.dryRun ?? false,
      fileName: file.originalname,
      content: file.buffer,
    });
  }

  @ApiDoc({
    summary: "List a cycle's system-measured values",
    does: "The stored values with where each came from (source: import with its importJobId, feed, or monitoring with sourceId the monthly cycle it was taken from), by unit code then indicator; a reviewer sees the units it may read.",
    refusals: [invalid('cycleId or unitId'), notFound('cycle'), refusal(ErrorCode.Forbidden, 'a reviewer asks for a unit it may not read')],
  })
  /** The stored values with the import that wrote them; a reviewer sees the units it may read. */
  @Get()
  @Roles(Role.Admin, Role.Reviewer)
  async list(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Query() query: SystemValuesQuery,
  ): Promise<SystemValueView[]> {
    await this.cycles.find(this.db.manager, cycleId);
    if (query.unitId && !(await this.access.canRead(this.db.manager, actor, cycleId, query.unitId))) {
      throw DomainException.forbidden("you may not read this unit's values");
    }
    const values: Array<{
      unit_id: string;
      indicator_code: string;
      value: RawValue;
      import_job_id: string | null;
      source: SystemValueSource;
      source_id: string | null;
      imported_at: Date;
    }> = await this.db.query(
      `SELECT v.unit_id, v.indicator_code, v.value, v.import_job_id, v.source, v.source_id, v.imported_at
         FROM system_values v
        WHERE v.cycle_id = $1 AND ($2::uuid IS NULL OR v.unit_id = $2)
        ORDER BY v.indicator_code`,
      [cycleId, query.unitId ?? null],
    );
    // By unit code, then indicator code: the units in the registry's order of codes, each unit's values in theirs.
    const units = await unitsByIdsByCode(this.db.manager, [...new Set(values.map((v) => v.unit_id))]);
    const valuesOf = new Map<string, typeof values>();
    for (const v of values) {
      const list = valuesOf.get(v.unit_id) ?? [];
      if (list.length === 0) valuesOf.set(v.unit_id, list);
      list.push(v);
    }
    const rows = units.flatMap((u) => (valuesOf.get(u.id) ?? []).map((v) => ({ ...v, code: u.code, name_vi: u.nameVi })));
    const readable = new Map<string, boolean>();
    const out: SystemValueView[] = [];
    for (const r of rows) {
      if (!readable.has(r.unit_id)) readable.set(r.unit_id, await this.access.canRead(this.db.manager, actor, cycleId, r.unit_id));
      if (!readable.get(r.unit_id)) continue;
      out.push({
        unitId: r.unit_id,
        unitCode: r.code,
        unitName: r.name_vi,
        indicatorCode: r.indicator_code,
        value: r.value,
        importJobId: r.import_job_id,
        source: r.source,
        sourceId: r.source_id,
        importedAt: r.imported_at,
      });
    }
    return out;
  }
}
