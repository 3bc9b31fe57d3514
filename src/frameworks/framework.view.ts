import type { Framework } from '../engine/framework.model';
import type { FrameworkVersion } from './framework-version.entity';

export interface FrameworkSummary {
  id: string;
  code: string;
  version: string;
  level: string;
  year: number;
  nameVi: string;
  contentHash: string;
  lockedAt: Date | null;
  lockedReason: string | null;
  clonedFromId: string | null;
  rowVersion: number;
  createdAt: Date;
}

export interface FrameworkDetail extends FrameworkSummary {
  document: Framework;
}

export function toFrameworkSummary(row: FrameworkVersion): FrameworkSummary {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    level: row.level,
    year: row.year,
    nameVi: row.nameVi,
    contentHash: row.contentHash,
    lockedAt: row.lockedAt,
    lockedReason: row.lockedReason,
    clonedFromId: row.clonedFromId,
    rowVersion: row.rowVersion,
    createdAt: row.createdAt,
  };
}

export const toFrameworkDetail = (row: FrameworkVersion): FrameworkDetail => ({
  ...toFrameworkSummary(row),
  document: row.document,
});
