import type { AuditAction, AuditArea } from '../../audit/audit-actions';
import { auditActionsEn, auditAreasEn, auditEntitiesEn, auditFieldsEn, auditValuesEn } from './audit.en';
import { auditActionsVi, auditAreasVi, auditEntitiesVi, auditFieldsVi, auditValuesVi } from './audit.vi';
import type { Lang } from './index';

/** The audit log's words for codes (actions, areas, entities, fields) in a language. */
export interface AuditWords {
  actions: Record<AuditAction, string>;
  areas: Record<AuditArea, string>;
  entities: Record<string, string>;
  fields: Record<string, string>;
  /** Words of a field's coded value, by "field.value" (where the rest of the dictionary has none). */
  values: Record<string, string>;
}

const WORDS: Record<Lang, AuditWords> = {
  vi: { actions: auditActionsVi, areas: auditAreasVi, entities: auditEntitiesVi, fields: auditFieldsVi, values: auditValuesVi },
  en: { actions: auditActionsEn, areas: auditAreasEn, entities: auditEntitiesEn, fields: auditFieldsEn, values: auditValuesEn },
};

export const auditWords = (lang: Lang): AuditWords => WORDS[lang];
