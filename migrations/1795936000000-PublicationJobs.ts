import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Publishing as a job (issue #23): publications' `publication_jobs`, one row per publish or correct request (its
 * business key the request's hash, unique), with the job's state, progress, the refusal it met (code, message,
 * details), the publication it made and who asked.
 */
export class PublicationJobs1795936000000 implements MigrationInterface {
    name = 'PublicationJobs1795936000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "publication_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "run_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "version" integer NOT NULL, "reason" text, "analysis_id" uuid, "request_key" character(64) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "progress" smallint NOT NULL DEFAULT '0', "error_code" character varying(40), "error" text, "error_details" jsonb, "publication_id" uuid, "actor" jsonb NOT NULL, "requested_by_id" uuid, "attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_4abbf2d1a92879cb069fb4799a3" UNIQUE ("request_key"), CONSTRAINT "PK_7b9b5cf934be294bbc71bc6ef20" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_publication_jobs_cycle" ON "publication_jobs" ("cycle_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "publication_jobs" ADD CONSTRAINT "FK_fc4c6b921d9f74c200fc7848947" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "publication_jobs" ADD CONSTRAINT "FK_514d0ae3cdb77e56832b95fae77" FOREIGN KEY ("run_id") REFERENCES "score_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "publication_jobs" DROP CONSTRAINT "FK_514d0ae3cdb77e56832b95fae77"`);
        await queryRunner.query(`ALTER TABLE "publication_jobs" DROP CONSTRAINT "FK_fc4c6b921d9f74c200fc7848947"`);
        await queryRunner.query(`DROP INDEX "public"."ix_publication_jobs_cycle"`);
        await queryRunner.query(`DROP TABLE "publication_jobs"`);
    }

}
