import { MigrationInterface, QueryRunner } from "typeorm";

export class CyclesSubmissions1795738540946 implements MigrationInterface {
    name = 'CyclesSubmissions1795738540946'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "cycles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "year" integer NOT NULL, "level" character varying(16) NOT NULL, "scope_unit_id" uuid, "framework_id" uuid NOT NULL, "name_vi" character varying(300) NOT NULL, "name_en" character varying(300), "phase" character varying(16) NOT NULL DEFAULT 'draft', "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "phase_changed_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_cycles_year_level_scope" UNIQUE ("year", "level", "scope_unit_id"), CONSTRAINT "PK_52e5eeb9c7c6e4ad1aed657967a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_cycles_year_level_unscoped" ON "cycles"  ("year", "level") WHERE scope_unit_id IS NULL`);
        await queryRunner.query(`CREATE TABLE "cycle_units" ("cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "unit_group" character varying(64), "ranked" boolean NOT NULL DEFAULT true, "extension_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_37bc2781dbede66630cb061f6d3" PRIMARY KEY ("cycle_id", "unit_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_cycle_units_unit" ON "cycle_units"  ("unit_id") `);
        await queryRunner.query(`CREATE TABLE "submissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "submitted_at" TIMESTAMP WITH TIME ZONE, "submitted_by_id" uuid, "returned_at" TIMESTAMP WITH TIME ZONE, "returned_reason" text, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_submissions_cycle_unit" UNIQUE ("cycle_id", "unit_id"), CONSTRAINT "PK_10b3be95b8b2fb1e482e07d706b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "answers" ("submission_id" uuid NOT NULL, "indicator_code" character varying(64) NOT NULL, "value" jsonb, "note" text, "self_points" double precision, "updated_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2b6ae36b0df3ef40a1d8e3b9095" PRIMARY KEY ("submission_id", "indicator_code"))`);
        await queryRunner.query(`CREATE TABLE "evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "submission_id" uuid NOT NULL, "indicator_code" character varying(64) NOT NULL, "kind" character varying(16) NOT NULL, "file_name" character varying(255), "mime_type" character varying(127), "size_bytes" bigint, "sha256" character(64), "storage_key" character varying(255), "document_number" character varying(100), "document_title" character varying(500), "issued_on" date, "summary" text, "url" character varying(2000), "label" character varying(300), "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_evidence_submission_indicator" ON "evidence"  ("submission_id", "indicator_code") `);
        await queryRunner.query(`CREATE TABLE "import_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(32) NOT NULL, "cycle_id" uuid NOT NULL, "unit_id" uuid, "status" character varying(16) NOT NULL DEFAULT 'queued', "dry_run" boolean NOT NULL DEFAULT false, "file_name" character varying(255) NOT NULL, "storage_key" character varying(255) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" character(64) NOT NULL, "progress" smallint NOT NULL DEFAULT '0', "report" jsonb, "error" text, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4d206c602f173f98e4bb85819a3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_import_jobs_cycle" ON "import_jobs"  ("cycle_id") `);
        await queryRunner.query(`CREATE TABLE "system_values" ("cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "indicator_code" character varying(64) NOT NULL, "value" jsonb, "import_job_id" uuid NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c44f718731baf3a01e348cea1a4" PRIMARY KEY ("cycle_id", "unit_id", "indicator_code"))`);
        await queryRunner.query(`ALTER TABLE "cycles" ADD CONSTRAINT "FK_7213930ac4065da8ae3b978e2b3" FOREIGN KEY ("scope_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cycles" ADD CONSTRAINT "FK_9f3f55ed9d042207ca2dbd4d003" FOREIGN KEY ("framework_id") REFERENCES "framework_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cycle_units" ADD CONSTRAINT "FK_fb2624e54e74b71fb2e68dfc8b0" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cycle_units" ADD CONSTRAINT "FK_288d9060007f6a7491fba062fd9" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "submissions" ADD CONSTRAINT "FK_8a3f3b1da9bc6f811d0d62b3ca5" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "submissions" ADD CONSTRAINT "FK_7dc5aef9dc8d249d6b2e4a055db" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "answers" ADD CONSTRAINT "FK_0d1b656c68dd42b88b5e264e95b" FOREIGN KEY ("submission_id") REFERENCES "submissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "evidence" ADD CONSTRAINT "FK_79259b6277f907e05327b6a8eb5" FOREIGN KEY ("submission_id") REFERENCES "submissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "system_values" ADD CONSTRAINT "FK_b5c198c22fc25f41a118a268722" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "system_values" DROP CONSTRAINT "FK_b5c198c22fc25f41a118a268722"`);
        await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "FK_79259b6277f907e05327b6a8eb5"`);
        await queryRunner.query(`ALTER TABLE "answers" DROP CONSTRAINT "FK_0d1b656c68dd42b88b5e264e95b"`);
        await queryRunner.query(`ALTER TABLE "submissions" DROP CONSTRAINT "FK_7dc5aef9dc8d249d6b2e4a055db"`);
        await queryRunner.query(`ALTER TABLE "submissions" DROP CONSTRAINT "FK_8a3f3b1da9bc6f811d0d62b3ca5"`);
        await queryRunner.query(`ALTER TABLE "cycle_units" DROP CONSTRAINT "FK_288d9060007f6a7491fba062fd9"`);
        await queryRunner.query(`ALTER TABLE "cycle_units" DROP CONSTRAINT "FK_fb2624e54e74b71fb2e68dfc8b0"`);
        await queryRunner.query(`ALTER TABLE "cycles" DROP CONSTRAINT "FK_9f3f55ed9d042207ca2dbd4d003"`);
        await queryRunner.query(`ALTER TABLE "cycles" DROP CONSTRAINT "FK_7213930ac4065da8ae3b978e2b3"`);
        await queryRunner.query(`DROP TABLE "system_values"`);
        await queryRunner.query(`DROP INDEX "public"."ix_import_jobs_cycle"`);
        await queryRunner.query(`DROP TABLE "import_jobs"`);
        await queryRunner.query(`DROP INDEX "public"."ix_evidence_submission_indicator"`);
        await queryRunner.query(`DROP TABLE "evidence"`);
        await queryRunner.query(`DROP TABLE "answers"`);
        await queryRunner.query(`DROP TABLE "submissions"`);
        await queryRunner.query(`DROP INDEX "public"."ix_cycle_units_unit"`);
        await queryRunner.query(`DROP TABLE "cycle_units"`);
        await queryRunner.query(`DROP INDEX "public"."uq_cycles_year_level_unscoped"`);
        await queryRunner.query(`DROP TABLE "cycles"`);
    }

}
