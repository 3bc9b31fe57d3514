import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Notices to units (shown on their officers' home page; the first kind: an administrator's reminder to submit) and the
 * mail outbox that a deployment's mailer drains (the rows without sent_at, oldest first, by the partial index).
 */
export class Notices1795874000000 implements MigrationInterface {
    name = 'Notices1795874000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "message" text, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3eb18c29da25d6935fcbe584237" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_notices_unit_created" ON "notices"  ("unit_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "mail_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "to_address" character varying(254) NOT NULL, "subject" character varying(300) NOT NULL, "body" text NOT NULL, "notice_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fecc63c96385bc35a39ccf2a72e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_mail_outbox_unsent" ON "mail_outbox"  ("created_at") WHERE sent_at IS NULL`);
        await queryRunner.query(`ALTER TABLE "notices" ADD CONSTRAINT "FK_16972adffb5066c6765d8db3313" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notices" ADD CONSTRAINT "FK_04615d6d8e28b1e94d7734ead57" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "mail_outbox" ADD CONSTRAINT "FK_44192e81cbce71132cf93e8b070" FOREIGN KEY ("notice_id") REFERENCES "notices"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "FK_44192e81cbce71132cf93e8b070"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP CONSTRAINT "FK_04615d6d8e28b1e94d7734ead57"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP CONSTRAINT "FK_16972adffb5066c6765d8db3313"`);
        await queryRunner.query(`DROP INDEX "public"."ix_mail_outbox_unsent"`);
        await queryRunner.query(`DROP TABLE "mail_outbox"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notices_unit_created"`);
        await queryRunner.query(`DROP TABLE "notices"`);
    }

}
