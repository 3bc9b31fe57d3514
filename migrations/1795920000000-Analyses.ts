import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Uncertainty and sensitivity analyses of score runs (issue #22): analysis's `analyses`, one row per run and spec
 * (the spec's canonical hash), with the job's state and progress, the result (jsonb, the contract of
 * src/analysis/analysis-result.ts) and the publication that froze it, if any.
 */
export class Analyses1795920000000 implements MigrationInterface {
    name = 'Analyses1795920000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "analyses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "run_id" uuid NOT NULL, "spec" jsonb NOT NULL, "spec_hash" character(64) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "progress" smallint NOT NULL DEFAULT '0', "result" jsonb, "error" text, "attempts" integer NOT NULL DEFAULT '0', "requested_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "publication_id" uuid, CONSTRAINT "uq_analyses_run_spec" UNIQUE ("run_id", "spec_hash"), CONSTRAINT "PK_91421900ca225ed9865d016a940" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_analyses_cycle" ON "analyses"  ("cycle_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "analyses" ADD CONSTRAINT "FK_bcf08353477eb9baaec61142326" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "analyses" ADD CONSTRAINT "FK_6c9675c024ecb170a7df06782ea" FOREIGN KEY ("run_id") REFERENCES "score_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "analyses" DROP CONSTRAINT "FK_6c9675c024ecb170a7df06782ea"`);
        await queryRunner.query(`ALTER TABLE "analyses" DROP CONSTRAINT "FK_bcf08353477eb9baaec61142326"`);
        await queryRunner.query(`DROP INDEX "public"."ix_analyses_cycle"`);
        await queryRunner.query(`DROP TABLE "analyses"`);
    }

}
