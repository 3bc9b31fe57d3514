import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * publication_results: each publication's results as frozen at publish, which the public reads serve instead of the
 * run's score_results; publication_checks: the scheduled check's last word on each publication.
 *
 * A trigger refuses every UPDATE and DELETE on publication_results and on publications (no column of a publication
 * is ever changed: a correction is a new version). It is a statement trigger, so TRUNCATE, which the tests' reset
 * uses, still works, and there is no session setting to bypass it: only the tables' owner can disable it, and the
 * scheduled check finds what such a change did.
 *
 * The backfill copies each existing publication's rows from its run's score_results, exactly what the public reads
 * served until now, in one INSERT ... SELECT at any scale; the snapshot (~250 MB of text at commune scale, above
 * what one jsonb value can hold) is not parsed here. Where score_results had drifted from a snapshot, the first
 * scheduled check (or publication:verify) reports it rather than the migration changing a published number quietly.
 */
export class PublicationResults1795830000000 implements MigrationInterface {
    name = 'PublicationResults1795830000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "publication_checks" ("publication_id" uuid NOT NULL, "ok" boolean NOT NULL, "problems" jsonb NOT NULL, "problem_count" integer NOT NULL, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_44d2a6695f02f916b4f5377f22c" PRIMARY KEY ("publication_id"))`);
        await queryRunner.query(`CREATE TABLE "publication_results" ("publication_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "unit_code" character varying(32) NOT NULL, "unit_group" character varying(64), "ranked" boolean NOT NULL, "status" character varying(16) NOT NULL, "index" double precision, "index_rounded" double precision, "rank" integer, "group_rank" integer, "nodes" jsonb NOT NULL, "pillars" jsonb NOT NULL, "notes" jsonb NOT NULL, CONSTRAINT "uq_publication_results_code" UNIQUE ("publication_id", "unit_code"), CONSTRAINT "PK_8c8b00edea5235e5b40ccb78bef" PRIMARY KEY ("publication_id", "unit_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_publication_results_rank" ON "publication_results"  ("publication_id", "rank") `);
        await queryRunner.query(`INSERT INTO "publication_results" ("publication_id", "unit_id", "unit_code", "unit_group", "ranked", "status", "index", "index_rounded", "rank", "group_rank", "nodes", "pillars", "notes")
            SELECT p."id", r."unit_id", r."unit_code", r."unit_group", r."ranked", r."status", r."index", r."index_rounded", r."rank", r."group_rank", r."nodes", r."pillars", r."notes"
              FROM "publications" p JOIN "score_results" r ON r."run_id" = p."run_id"`);
        await queryRunner.query(`CREATE FUNCTION "publication_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '% on %: a publication is frozen; a correction is published as a new version', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "publication_results_frozen" BEFORE UPDATE OR DELETE ON "publication_results" FOR EACH STATEMENT EXECUTE FUNCTION "publication_frozen"()`);
        await queryRunner.query(`CREATE TRIGGER "publications_frozen" BEFORE UPDATE OR DELETE ON "publications" FOR EACH STATEMENT EXECUTE FUNCTION "publication_frozen"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "publications_frozen" ON "publications"`);
        await queryRunner.query(`DROP TRIGGER "publication_results_frozen" ON "publication_results"`);
        await queryRunner.query(`DROP FUNCTION "publication_frozen"()`);
        await queryRunner.query(`DROP INDEX "public"."ix_publication_results_rank"`);
        await queryRunner.query(`DROP TABLE "publication_results"`);
        await queryRunner.query(`DROP TABLE "publication_checks"`);
    }

}
