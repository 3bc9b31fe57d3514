import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * final_values.stale_since: when the cycle came back to review with the unit's answer changed since the final value was
 * settled (src/reviews/stale-finals.service.ts). Null for every existing row: nothing was known to be stale before.
 */
export class FinalValueStale1795783454083 implements MigrationInterface {
    name = 'FinalValueStale1795783454083'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "final_values" ADD "stale_since" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "final_values" DROP COLUMN "stale_since"`);
    }

}
