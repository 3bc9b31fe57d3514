import type { AuditAction, AuditArea } from '../../audit/audit-actions';
import { auditActionsEn, auditAreasEn, auditEntitiesEn, auditFieldsEn } from './audit.en';
import { auditActionsVi, auditAreasVi, auditEntitiesVi, auditFieldsVi } from './audit.vi';
import type { Lang } from './index';

/** The audit log's words for codes (actions, areas, entities, fields) in a language. */
export interface AuditWords {
  actions: Record<AuditAction, string>;
  areas: Record<AuditArea, string>;
  entities: Record<string, string>;
  fields: Record<string, string>;
}

const WORDS: Record<Lang, AuditWords> = {
  vi: { actions: auditActionsVi, areas: auditAreasVi, entities: auditEntitiesVi, fields: auditFieldsVi },
  en: { actions: auditActionsEn, areas: auditAreasEn, entities: auditEntitiesEn, fields: auditFieldsEn },
};

export const auditWords = (lang: Lang): AuditWords => WORDS[lang];
