import type { EntityManager } from 'typeorm';
import type { RawValue } from '../engine/types';
import type { Evidence } from './evidence.entity';
import type { PlausibilityWarning } from './plausibility';

/** A stored answer as the submission's state shows it. */
export interface StateAnswer {
  indicatorCode: string;
  value: RawValue;
  note: string | null;
  selfPoints: number | null;
  warnings: PlausibilityWarning[];
  updatedAt: Date;
}

/** The evidence columns the state shows (toEvidenceView), typed as the entity reads them. */
export type StateEvidence = Pick<
  Evidence,
  'id' | 'indicatorCode' | 'kind' | 'fileName' | 'mimeType' | 'sizeBytes' | 'sha256' | 'documentNumber' | 'documentTitle' | 'issuedOn' | 'summary' | 'url' | 'label' | 'createdAt'
>;

export interface SubmissionStateRows {
  answers: StateAnswer[];
  systemValues: Array<{ indicatorCode: string; value: RawValue }>;
  /** Oldest first. */
  evidence: StateEvidence[];
}

type Row = { part: 1 | 2 | 3 } & StateAnswer & StateEvidence & { at: Date | null };

/**
 * What a submission's state is made of — its answers, the unit's system values in the cycle, its evidence — in one
 * round trip (it was three, after every save): one UNION ALL, each part's own columns, the others NULL. The types are
 * those the entities read (a bigint size as its text, a date as YYYY-MM-DD, timestamps as Dates).
 */
export async function submissionStateRows(manager: EntityManager, submissionId: string, cycleId: string, unitId: string): Promise<SubmissionStateRows> {
  const rows: Row[] = await manager.query(
    `SELECT 1 AS part, indicator_code AS "indicatorCode", value, note, self_points AS "selfPoints", warnings, updated_at AS at,
            NULL::uuid AS id, NULL::varchar AS kind, NULL::varchar AS "fileName", NULL::varchar AS "mimeType", NULL::bigint AS "sizeBytes",
            NULL::char(64) AS sha256, NULL::varchar AS "documentNumber", NULL::varchar AS "documentTitle", NULL::text AS "issuedOn",
            NULL::text AS summary, NULL::varchar AS url, NULL::varchar AS label, NULL::timestamptz AS ord
       FROM answers WHERE submission_id = $1
     UNION ALL
     SELECT 2, indicator_code, value, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
       FROM system_values WHERE cycle_id = $2 AND unit_id = $3
     UNION ALL
     SELECT 3, indicator_code, NULL, NULL, NULL, NULL, created_at, id, kind, file_name, mime_type, size_bytes, sha256, document_number,
            document_title, issued_on::text, summary, url, label, created_at
       FROM evidence WHERE submission_id = $1
     ORDER BY part, ord`,
    [submissionId, cycleId, unitId],
  );
  const out: SubmissionStateRows = { answers: [], systemValues: [], evidence: [] };
  for (const r of rows) {
    if (r.part === 1) {
      out.answers.push({ indicatorCode: r.indicatorCode, value: r.value, note: r.note, selfPoints: r.selfPoints, warnings: r.warnings, updatedAt: r.at! });
    } else if (r.part === 2) {
      out.systemValues.push({ indicatorCode: r.indicatorCode, value: r.value });
    } else {
      out.evidence.push({
        id: r.id,
        indicatorCode: r.indicatorCode,
        kind: r.kind,
        fileName: r.fileName,
        mimeType: r.mimeType,
        sizeBytes: r.sizeBytes,
        sha256: r.sha256,
        documentNumber: r.documentNumber,
        documentTitle: r.documentTitle,
        issuedOn: r.issuedOn,
        summary: r.summary,
        url: r.url,
        label: r.label,
        createdAt: r.at!,
      });
    }
  }
  return out;
}
