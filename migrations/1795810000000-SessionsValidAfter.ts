import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * users.sessions_valid_after: the moment before which every token of the user is refused (src/auth/token-payload.ts),
 * moved by a password change, disabling, a change of role or unit, and signing out everywhere. It starts at the
 * user's last password change, which until now was the only thing that ended sessions.
 */
export class SessionsValidAfter1795810000000 implements MigrationInterface {
    name = 'SessionsValidAfter1795810000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" ADD "sessions_valid_after" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`UPDATE "users" SET "sessions_valid_after" = "password_changed_at" WHERE "password_changed_at" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "sessions_valid_after"`);
    }

}
