import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The unit an audit entry is about (audit_log.unit_id), so the log can be filtered by unit. Earlier entries get theirs
 * from what they recorded: the unit's own entries by entity, the others by the unitId in after or before.
 */
export class AuditLogUnit1795860000000 implements MigrationInterface {
    name = 'AuditLogUnit1795860000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_log" ADD "unit_id" uuid`);
        await queryRunner.query(`CREATE INDEX "ix_audit_log_unit" ON "audit_log" ("unit_id") `);
        const uuid = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;
        await queryRunner.query(`UPDATE "audit_log" SET "unit_id" = CASE
            WHEN entity_type = 'unit' AND entity_id ~ ${uuid} THEN entity_id::uuid
            WHEN after->>'unitId' ~ ${uuid} THEN (after->>'unitId')::uuid
            WHEN before->>'unitId' ~ ${uuid} THEN (before->>'unitId')::uuid END`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_audit_log_unit"`);
        await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "unit_id"`);
    }

}
