import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * publications.results_hash: the results hash of a publication's frozen rows, which the scheduled check recomputes
 * from the rows (a batch at a time) instead of parsing the ~250 MB snapshot.
 *
 * The backfill takes each publication's run's results hash: the hash publish checked the results against and wrote
 * into the snapshot (run.resultsHash). It is not computed from the frozen rows, so that the first check confirms
 * the rows (backfilled from score_results by PublicationResults1795830000000) rather than taking them as given, and
 * confirms the snapshot names the same hash. The publications_frozen trigger refuses every UPDATE: it is off for
 * the backfill only, in the migration's transaction.
 */
export class PublicationResultsHash1795850000000 implements MigrationInterface {
    name = 'PublicationResultsHash1795850000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "publications" ADD "results_hash" character(64)`);
        await queryRunner.query(`ALTER TABLE "publications" DISABLE TRIGGER "publications_frozen"`);
        await queryRunner.query(`UPDATE "publications" p SET "results_hash" = r."results_hash" FROM "score_runs" r WHERE r."id" = p."run_id"`);
        await queryRunner.query(`ALTER TABLE "publications" ENABLE TRIGGER "publications_frozen"`);
        await queryRunner.query(`ALTER TABLE "publications" ALTER COLUMN "results_hash" SET NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "publications" DROP COLUMN "results_hash"`);
    }

}
