import { MigrationInterface, QueryRunner } from "typeorm";

export class Reviews1795740516964 implements MigrationInterface {
    name = 'Reviews1795740516964'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "clarification_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "indicator_code" character varying(64) NOT NULL, "author_id" uuid, "author_role" character varying(16) NOT NULL, "body" text NOT NULL, "evidence_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7227b8507ee80388f80b1be15f8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_clarification_messages_thread" ON "clarification_messages"  ("cycle_id", "unit_id", "indicator_code", "created_at") `);
        await queryRunner.query(`CREATE TABLE "final_values" ("cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "indicator_code" character varying(64) NOT NULL, "value" jsonb, "points" double precision, "method" character varying(16) NOT NULL, "flagged" boolean NOT NULL DEFAULT false, "decided_by_id" uuid, "reason" text, "self_value" jsonb, "self_points" double precision, "reviews" jsonb NOT NULL DEFAULT '[]', "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ef3696ceb2637183ae8ed0f96e0" PRIMARY KEY ("cycle_id", "unit_id", "indicator_code"))`);
        await queryRunner.query(`CREATE TABLE "objections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "indicator_code" character varying(64) NOT NULL, "officer_id" uuid NOT NULL, "reason" text NOT NULL, "evidence_id" uuid, "status" character varying(16) NOT NULL DEFAULT 'open', "answer" text, "old_value" jsonb, "old_points" double precision, "new_value" jsonb, "new_points" double precision, "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6bb81f77d9eabef4f46e9c0934f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_objections_open" ON "objections"  ("cycle_id", "unit_id", "indicator_code") WHERE status = 'open'`);
        await queryRunner.query(`CREATE INDEX "ix_objections_cycle_unit" ON "objections"  ("cycle_id", "unit_id") `);
        await queryRunner.query(`CREATE TABLE "review_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "is_lead" boolean NOT NULL DEFAULT false, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_review_assignments_cycle_unit_reviewer" UNIQUE ("cycle_id", "unit_id", "reviewer_id"), CONSTRAINT "PK_57627790f79af37bc6a5e982176" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_review_assignments_reviewer" ON "review_assignments"  ("reviewer_id", "cycle_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_review_assignments_lead" ON "review_assignments"  ("cycle_id", "unit_id") WHERE is_lead`);
        await queryRunner.query(`CREATE TABLE "review_decisions" ("cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "indicator_code" character varying(64) NOT NULL, "reviewer_id" uuid NOT NULL, "decision" character varying(16) NOT NULL, "value" jsonb, "points" double precision, "comment" text, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_badf28d51afbb055ee18b7277fc" PRIMARY KEY ("cycle_id", "unit_id", "indicator_code", "reviewer_id"))`);
        await queryRunner.query(`CREATE TABLE "review_settings" ("cycle_id" uuid NOT NULL, "policy" character varying(16) NOT NULL DEFAULT 'median', "disagreement_share" numeric(5,4) NOT NULL DEFAULT 0.2, "objections_open_at" TIMESTAMP WITH TIME ZONE, "objections_close_at" TIMESTAMP WITH TIME ZONE, "completion_override_reason" text, "completion_override_by_id" uuid, "completion_override_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9921a2cdb9e31e285a22412522c" PRIMARY KEY ("cycle_id"))`);
        await queryRunner.query(`CREATE TABLE "reviewer_conflicts" ("reviewer_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "reason" character varying(500) NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fe0eb7b424779cfa0cb4dad22c" PRIMARY KEY ("reviewer_id", "unit_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_reviewer_conflicts_unit" ON "reviewer_conflicts"  ("unit_id") `);
        await queryRunner.query(`ALTER TABLE "clarification_messages" ADD CONSTRAINT "FK_5e6a2f3fd16d6e9be2d5aec9852" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "final_values" ADD CONSTRAINT "FK_b37f3b5be00636519059adb8136" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "objections" ADD CONSTRAINT "FK_d117a97faacbeac2acf45813d3c" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_assignments" ADD CONSTRAINT "FK_26d3530193937f6c8aa1a48f1dd" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_assignments" ADD CONSTRAINT "FK_43be0914fe89e63a337137ede95" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_assignments" ADD CONSTRAINT "FK_ba32727b847200cf824fcb68dc1" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_decisions" ADD CONSTRAINT "FK_1f313fc5be405252faf3668e845" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_settings" ADD CONSTRAINT "FK_9921a2cdb9e31e285a22412522c" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviewer_conflicts" ADD CONSTRAINT "FK_84be67b123d04e0d00791c1ba4e" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviewer_conflicts" ADD CONSTRAINT "FK_24d76140d58fdb3c70f037c5dbc" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviewer_conflicts" DROP CONSTRAINT "FK_24d76140d58fdb3c70f037c5dbc"`);
        await queryRunner.query(`ALTER TABLE "reviewer_conflicts" DROP CONSTRAINT "FK_84be67b123d04e0d00791c1ba4e"`);
        await queryRunner.query(`ALTER TABLE "review_settings" DROP CONSTRAINT "FK_9921a2cdb9e31e285a22412522c"`);
        await queryRunner.query(`ALTER TABLE "review_decisions" DROP CONSTRAINT "FK_1f313fc5be405252faf3668e845"`);
        await queryRunner.query(`ALTER TABLE "review_assignments" DROP CONSTRAINT "FK_ba32727b847200cf824fcb68dc1"`);
        await queryRunner.query(`ALTER TABLE "review_assignments" DROP CONSTRAINT "FK_43be0914fe89e63a337137ede95"`);
        await queryRunner.query(`ALTER TABLE "review_assignments" DROP CONSTRAINT "FK_26d3530193937f6c8aa1a48f1dd"`);
        await queryRunner.query(`ALTER TABLE "objections" DROP CONSTRAINT "FK_d117a97faacbeac2acf45813d3c"`);
        await queryRunner.query(`ALTER TABLE "final_values" DROP CONSTRAINT "FK_b37f3b5be00636519059adb8136"`);
        await queryRunner.query(`ALTER TABLE "clarification_messages" DROP CONSTRAINT "FK_5e6a2f3fd16d6e9be2d5aec9852"`);
        await queryRunner.query(`DROP INDEX "public"."ix_reviewer_conflicts_unit"`);
        await queryRunner.query(`DROP TABLE "reviewer_conflicts"`);
        await queryRunner.query(`DROP TABLE "review_settings"`);
        await queryRunner.query(`DROP TABLE "review_decisions"`);
        await queryRunner.query(`DROP INDEX "public"."uq_review_assignments_lead"`);
        await queryRunner.query(`DROP INDEX "public"."ix_review_assignments_reviewer"`);
        await queryRunner.query(`DROP TABLE "review_assignments"`);
        await queryRunner.query(`DROP INDEX "public"."ix_objections_cycle_unit"`);
        await queryRunner.query(`DROP INDEX "public"."uq_objections_open"`);
        await queryRunner.query(`DROP TABLE "objections"`);
        await queryRunner.query(`DROP TABLE "final_values"`);
        await queryRunner.query(`DROP INDEX "public"."ix_clarification_messages_thread"`);
        await queryRunner.query(`DROP TABLE "clarification_messages"`);
    }

}
