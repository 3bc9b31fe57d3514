import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A publication's snapshot in chunks of about 1 MiB (publication_snapshot_chunks), written as it is made: the text of
 * a 20,000 × 400 snapshot is beyond V8's longest string. New publications leave publications.snapshot NULL; those
 * made before keep their text there, read as before. The chunks are frozen like the publication's row: the same
 * statement trigger refuses UPDATE and DELETE (TRUNCATE, the tests' reset, still works).
 *
 * Down puts no chunked snapshot back into the text column (it may be beyond one text value): it refuses while there
 * is one.
 */
const LZ4_AVAILABLE = `SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) AS lz4`;

export class SnapshotChunks1795935000000 implements MigrationInterface {
    name = 'SnapshotChunks1795935000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "publication_snapshot_chunks" ("publication_id" uuid NOT NULL, "seq" integer NOT NULL, "bytes" bytea NOT NULL, CONSTRAINT "PK_publication_snapshot_chunks" PRIMARY KEY ("publication_id", "seq"))`);
        await queryRunner.query(`CREATE TRIGGER "publication_snapshot_chunks_frozen" BEFORE UPDATE OR DELETE ON "publication_snapshot_chunks" FOR EACH STATEMENT EXECUTE FUNCTION "publication_frozen"()`);
        // Compressed with lz4 where PostgreSQL has it, as the text column is (SnapshotLz4: about 3 times faster than pglz).
        const [{ lz4 }]: { lz4: boolean }[] = await queryRunner.query(LZ4_AVAILABLE);
        if (lz4) await queryRunner.query(`ALTER TABLE "publication_snapshot_chunks" ALTER COLUMN "bytes" SET COMPRESSION lz4`);
        await queryRunner.query(`ALTER TABLE "publications" ALTER COLUMN "snapshot" DROP NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        const [{ chunked }]: { chunked: boolean }[] = await queryRunner.query(`SELECT EXISTS (SELECT 1 FROM "publications" WHERE "snapshot" IS NULL) AS chunked`);
        if (chunked) throw new Error('publications with a chunked snapshot exist: their snapshot has no text form to go back to');
        await queryRunner.query(`ALTER TABLE "publications" ALTER COLUMN "snapshot" SET NOT NULL`);
        await queryRunner.query(`DROP TRIGGER "publication_snapshot_chunks_frozen" ON "publication_snapshot_chunks"`);
        await queryRunner.query(`DROP TABLE "publication_snapshot_chunks"`);
    }

}
