import { MigrationInterface, QueryRunner } from "typeorm";

export class Frameworks1795737908764 implements MigrationInterface {
    name = 'Frameworks1795737908764'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "framework_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "version" character varying(32) NOT NULL, "level" character varying(16) NOT NULL, "year" integer NOT NULL, "name_vi" character varying(300) COLLATE "vi-x-icu" NOT NULL, "document" jsonb NOT NULL, "content_hash" character(64) NOT NULL, "locked_at" TIMESTAMP WITH TIME ZONE, "locked_reason" text, "cloned_from_id" uuid, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_framework_versions_code_version" UNIQUE ("code", "version"), CONSTRAINT "PK_125c2ccf3b5ad490d5db89ab683" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "framework_versions"`);
    }

}
