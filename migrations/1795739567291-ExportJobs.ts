import { MigrationInterface, QueryRunner } from "typeorm";

export class ExportJobs1795739567291 implements MigrationInterface {
    name = 'ExportJobs1795739567291'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "export_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(32) NOT NULL, "params" jsonb NOT NULL, "request_key" character(64) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "progress" smallint NOT NULL DEFAULT '0', "file_name" character varying(255), "storage_key" character varying(255), "size_bytes" bigint, "sha256" character(64), "error" text, "requested_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_4c5d59feea32fe08a9e99757e6b" UNIQUE ("request_key"), CONSTRAINT "PK_3044ce6f1c6af24058ee609e063" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_export_jobs_created" ON "export_jobs"  ("created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_export_jobs_created"`);
        await queryRunner.query(`DROP TABLE "export_jobs"`);
    }

}
