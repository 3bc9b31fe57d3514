import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * final_values.stale_value and stale_points: the unit's answer a stale final value went stale on, so that a later
 * move back to review sees whether the answer changed again since (src/reviews/stale-finals.service.ts). A row stale
 * already takes the unit's answer as it is now: the best that is known of it.
 */
export class FinalValueStaleAnswer1795800000000 implements MigrationInterface {
    name = 'FinalValueStaleAnswer1795800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "final_values" ADD "stale_value" jsonb`);
        await queryRunner.query(`ALTER TABLE "final_values" ADD "stale_points" double precision`);
        await queryRunner.query(`UPDATE "final_values" f SET "stale_value" = a."value", "stale_points" = a."self_points"
            FROM "submissions" s JOIN "answers" a ON a."submission_id" = s."id"
           WHERE f."stale_since" IS NOT NULL AND s."cycle_id" = f."cycle_id" AND s."unit_id" = f."unit_id" AND a."indicator_code" = f."indicator_code"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "final_values" DROP COLUMN "stale_points"`);
        await queryRunner.query(`ALTER TABLE "final_values" DROP COLUMN "stale_value"`);
    }

}
