import { MigrationInterface, QueryRunner } from "typeorm";

export class ScoringPublications1795739357048 implements MigrationInterface {
    name = 'ScoringPublications1795739357048'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "publications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "run_id" uuid NOT NULL, "version" integer NOT NULL, "year" integer NOT NULL, "level" character varying(16) NOT NULL, "snapshot" text NOT NULL, "sha256" character(64) NOT NULL, "previous" jsonb, "reason" text, "published_by_id" uuid, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_publications_cycle_version" UNIQUE ("cycle_id", "version"), CONSTRAINT "PK_2c4e732b044e09139d2f1065fae" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "score_results" ("run_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "unit_code" character varying(32) NOT NULL, "unit_group" character varying(64), "ranked" boolean NOT NULL, "status" character varying(16) NOT NULL, "index" double precision, "index_rounded" double precision, "rank" integer, "group_rank" integer, "nodes" jsonb NOT NULL, "pillars" jsonb NOT NULL, "notes" jsonb NOT NULL, CONSTRAINT "PK_dfaa232b01308b389a92b074043" PRIMARY KEY ("run_id", "unit_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_score_results_rank" ON "score_results"  ("run_id", "rank") `);
        await queryRunner.query(`CREATE TABLE "score_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "inputs_hash" character(64) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "progress" smallint NOT NULL DEFAULT '0', "framework_id" uuid NOT NULL, "framework_version" character varying(80) NOT NULL, "engine_version" character varying(32), "parameters" jsonb NOT NULL, "unit_count" integer NOT NULL DEFAULT '0', "results_hash" character(64), "error" text, "attempts" integer NOT NULL DEFAULT '0', "requested_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "duration_ms" integer, CONSTRAINT "uq_score_runs_cycle_inputs" UNIQUE ("cycle_id", "inputs_hash"), CONSTRAINT "PK_87ef785bc075965c1a131c4e5dc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_score_runs_cycle" ON "score_runs"  ("cycle_id", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_score_runs_cycle"`);
        await queryRunner.query(`DROP TABLE "score_runs"`);
        await queryRunner.query(`DROP INDEX "public"."ix_score_results_rank"`);
        await queryRunner.query(`DROP TABLE "score_results"`);
        await queryRunner.query(`DROP TABLE "publications"`);
    }

}
