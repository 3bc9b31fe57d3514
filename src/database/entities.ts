import { AuditEntry } from '../audit/audit-entry.entity';
import { FrameworkVersion } from '../frameworks/framework-version.entity';
import { UnitLineage } from '../units/unit-lineage.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';

/** Every entity, listed once, for the app and the migration CLI alike. */
export const ENTITIES = [AuditEntry, FrameworkVersion, Unit, UnitLineage, User];
