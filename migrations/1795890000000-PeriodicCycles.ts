import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Periodic cycles (issue #21): a cycle is a year, or a month or quarter of a series (its framework's code), and a
 * publication names the series and period it is of. The yearly assessment stays unique per level and year (the
 * unscoped index gets the same condition, which the generator does not compare); system values say where they came
 * from (an import, a national system's feed, the monitored months).
 */
export class PeriodicCycles1795890000000 implements MigrationInterface {
    name = 'PeriodicCycles1795890000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cycles" DROP CONSTRAINT "uq_cycles_year_level_scope"`);
        await queryRunner.query(`ALTER TABLE "cycles" ADD "period" character varying(8) NOT NULL DEFAULT 'year'`);
        await queryRunner.query(`ALTER TABLE "cycles" ADD "period_index" smallint`);
        await queryRunner.query(`ALTER TABLE "cycles" ADD "series" character varying(64)`);
        await queryRunner.query(`ALTER TABLE "publications" ADD "series" character varying(64)`);
        await queryRunner.query(`ALTER TABLE "publications" ADD "period_index" smallint`);
        await queryRunner.query(`ALTER TABLE "system_values" ADD "source" character varying(16) NOT NULL DEFAULT 'import'`);
        await queryRunner.query(`ALTER TABLE "system_values" ADD "source_id" uuid`);
        await queryRunner.query(`ALTER TABLE "system_values" ALTER COLUMN "import_job_id" DROP NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_cycles_series_period_unscoped" ON "cycles"  ("series", "year", "period_index", "level") WHERE series IS NOT NULL AND scope_unit_id IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_cycles_series_period_scope" ON "cycles"  ("series", "year", "period_index", "level", "scope_unit_id") WHERE series IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_cycles_year_level_scope" ON "cycles"  ("year", "level", "scope_unit_id") WHERE series IS NULL`);
        await queryRunner.query(`DROP INDEX "public"."uq_cycles_year_level_unscoped"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_cycles_year_level_unscoped" ON "cycles"  ("year", "level") WHERE scope_unit_id IS NULL AND series IS NULL`);
        await queryRunner.query(`ALTER TABLE "cycles" ADD CONSTRAINT "ck_cycles_period" CHECK ((period = 'year' AND period_index IS NULL AND series IS NULL) OR (period = 'month' AND period_index BETWEEN 1 AND 12 AND series IS NOT NULL) OR (period = 'quarter' AND period_index BETWEEN 1 AND 4 AND series IS NOT NULL))`);
        await queryRunner.query(`ALTER TABLE "system_values" ADD CONSTRAINT "ck_system_values_import_job" CHECK (source <> 'import' OR import_job_id IS NOT NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "system_values" DROP CONSTRAINT "ck_system_values_import_job"`);
        await queryRunner.query(`ALTER TABLE "cycles" DROP CONSTRAINT "ck_cycles_period"`);
        await queryRunner.query(`DROP INDEX "public"."uq_cycles_year_level_unscoped"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_cycles_year_level_unscoped" ON "cycles"  ("year", "level") WHERE scope_unit_id IS NULL`);
        await queryRunner.query(`DROP INDEX "public"."uq_cycles_year_level_scope"`);
        await queryRunner.query(`DROP INDEX "public"."uq_cycles_series_period_scope"`);
        await queryRunner.query(`DROP INDEX "public"."uq_cycles_series_period_unscoped"`);
        await queryRunner.query(`DELETE FROM "system_values" WHERE "import_job_id" IS NULL`);
        await queryRunner.query(`ALTER TABLE "system_values" ALTER COLUMN "import_job_id" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "system_values" DROP COLUMN "source_id"`);
        await queryRunner.query(`ALTER TABLE "system_values" DROP COLUMN "source"`);
        await queryRunner.query(`ALTER TABLE "publications" DROP COLUMN "period_index"`);
        await queryRunner.query(`ALTER TABLE "publications" DROP COLUMN "series"`);
        await queryRunner.query(`DELETE FROM "cycles" WHERE "series" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "cycles" DROP COLUMN "series"`);
        await queryRunner.query(`ALTER TABLE "cycles" DROP COLUMN "period_index"`);
        await queryRunner.query(`ALTER TABLE "cycles" DROP COLUMN "period"`);
        await queryRunner.query(`ALTER TABLE "cycles" ADD CONSTRAINT "uq_cycles_year_level_scope" UNIQUE ("year", "level", "scope_unit_id")`);
    }

}
