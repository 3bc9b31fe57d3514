import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Feeds from national systems (issue #21): the API keys of service accounts (auth's `api_keys`: the prefix shown, the
 * sha256 of the key, never the key; the scopes, the series codes the key may push; created, revoked, last used) and
 * the batches of the feed push API (monitoring's `feed_batches`: one row per accepted push, with its counts and
 * whether it was an erratum into a published month; the values it wrote name it in system_values.source_id).
 */
export class Feeds1795905000000 implements MigrationInterface {
    name = 'Feeds1795905000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "prefix" character varying(16) NOT NULL, "secret_hash" character(64) NOT NULL, "scopes" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_6f6105c8efe05b310d046cbdb3d" UNIQUE ("prefix"), CONSTRAINT "UQ_fef9aa4a1cf4f8c063ac5d75f2e" UNIQUE ("secret_hash"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_api_keys_account" ON "api_keys"  ("account_id") `);
        await queryRunner.query(`CREATE TABLE "feed_batches" ("id" uuid NOT NULL, "series" character varying(64) NOT NULL, "level" character varying(32) NOT NULL, "period" character varying(7) NOT NULL, "cycle_id" uuid NOT NULL, "account_id" uuid NOT NULL, "api_key_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rows" integer NOT NULL, "written" integer NOT NULL, "unchanged" integer NOT NULL, "erratum" boolean NOT NULL DEFAULT false, "report" jsonb NOT NULL, CONSTRAINT "PK_9a7dc6ac3a0776a1c30f5f9bcf4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_feed_batches_cycle" ON "feed_batches"  ("cycle_id", "received_at") `);
        await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_decaf331589778e33441b2a8d9e" FOREIGN KEY ("account_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "feed_batches" ADD CONSTRAINT "FK_8ab1291f258f7daa301f14ede7c" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "feed_batches" ADD CONSTRAINT "FK_d9fa32d467b1cdd1c6b53a0ae31" FOREIGN KEY ("account_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "feed_batches" DROP CONSTRAINT "FK_d9fa32d467b1cdd1c6b53a0ae31"`);
        await queryRunner.query(`ALTER TABLE "feed_batches" DROP CONSTRAINT "FK_8ab1291f258f7daa301f14ede7c"`);
        await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_decaf331589778e33441b2a8d9e"`);
        await queryRunner.query(`DROP INDEX "public"."ix_feed_batches_cycle"`);
        await queryRunner.query(`DROP TABLE "feed_batches"`);
        await queryRunner.query(`DROP INDEX "public"."ix_api_keys_account"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
    }

}
