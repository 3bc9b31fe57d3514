import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes on every column that holds a storage key (src/evidence/orphan-files.service.ts FILE_REFERENCES): the orphan
 * sweep asks them for 500 keys at a time, and a refused upload asks them for its one key on the request path; without
 * them each ask scanned the three tables whole. Partial where the column is nullable: a null names no file.
 */
export class StorageKeyIndexes1795840000000 implements MigrationInterface {
    name = 'StorageKeyIndexes1795840000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_evidence_storage_key" ON "evidence" ("storage_key") WHERE storage_key IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_import_jobs_storage_key" ON "import_jobs" ("storage_key") `);
        await queryRunner.query(`CREATE INDEX "ix_export_jobs_storage_key" ON "export_jobs" ("storage_key") WHERE storage_key IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_export_jobs_storage_key"`);
        await queryRunner.query(`DROP INDEX "public"."ix_import_jobs_storage_key"`);
        await queryRunner.query(`DROP INDEX "public"."ix_evidence_storage_key"`);
    }

}
