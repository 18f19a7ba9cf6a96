import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counts per state without counting: an AFTER trigger appends (state, ±1) rows to download_state_counts,
 * which readers sum and compact (append-only, so concurrent transactions never wait on one counter row).
 * Plus indexes that keep the Downloads list fast with 100,000+ rows (bench:engine listP95Ms): the open queue in
 * dispatch order (priority DESC, position ASC) as a partial index, the history newest first, and a GIN
 * index for the word-prefix search. Declared on DownloadEntity with `synchronize: false`.
 */
export class DownloadListIndexes1763915000000 implements MigrationInterface {
  name = 'DownloadListIndexes1763915000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_downloads_open_order" ON "downloads" ("priority" DESC, "position" ASC, "id" ASC) WHERE "state" NOT IN ('done', 'failed', 'cancelled')`);
    await queryRunner.query(`CREATE INDEX "IDX_downloads_history" ON "downloads" ("finished_at" DESC NULLS LAST, "id" DESC) WHERE "state" IN ('done', 'failed', 'cancelled')`);
    await queryRunner.query(
      `CREATE INDEX "IDX_downloads_search" ON "downloads" USING gin (to_tsvector('simple'::regconfig, coalesce("artist", '') || ' ' || coalesce("title", '') || ' ' || coalesce("album", '') || ' ' || coalesce("filename", '')))`,
    );
    await queryRunner.query(`CREATE TABLE "download_state_counts" ("state" text NOT NULL, "n" bigint NOT NULL)`);
    await queryRunner.query(`INSERT INTO "download_state_counts" ("state", "n") SELECT "state", count(*) FROM "downloads" GROUP BY "state"`);
    await queryRunner.query(`CREATE FUNCTION "downloads_count_states"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO download_state_counts (state, n) VALUES (NEW.state, 1);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO download_state_counts (state, n) VALUES (OLD.state, -1);
  ELSIF OLD.state IS DISTINCT FROM NEW.state THEN
    INSERT INTO download_state_counts (state, n) VALUES (OLD.state, -1), (NEW.state, 1);
  END IF;
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE FUNCTION "downloads_reset_state_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM download_state_counts;
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE TRIGGER "downloads_count_states" AFTER INSERT OR DELETE OR UPDATE OF "state" ON "downloads" FOR EACH ROW EXECUTE FUNCTION "downloads_count_states"()`);
    await queryRunner.query(`CREATE TRIGGER "downloads_reset_state_counts" AFTER TRUNCATE ON "downloads" FOR EACH STATEMENT EXECUTE FUNCTION "downloads_reset_state_counts"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "downloads_reset_state_counts" ON "downloads"`);
    await queryRunner.query(`DROP TRIGGER "downloads_count_states" ON "downloads"`);
    await queryRunner.query(`DROP FUNCTION "downloads_reset_state_counts"()`);
    await queryRunner.query(`DROP FUNCTION "downloads_count_states"()`);
    await queryRunner.query(`DROP TABLE "download_state_counts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_downloads_search"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_downloads_history"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_downloads_open_order"`);
  }
}
