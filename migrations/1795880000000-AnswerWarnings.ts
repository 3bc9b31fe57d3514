import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The soft plausibility warnings of an answer, stored when it is saved (src/submissions/plausibility.ts). Earlier
 * answers have none: they were saved before the rules.
 */
export class AnswerWarnings1795880000000 implements MigrationInterface {
    name = 'AnswerWarnings1795880000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "answers" ADD "warnings" jsonb NOT NULL DEFAULT '[]'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "answers" DROP COLUMN "warnings"`);
    }

}
