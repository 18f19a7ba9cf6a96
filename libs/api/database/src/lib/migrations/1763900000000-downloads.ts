import { MigrationInterface, QueryRunner } from 'typeorm';

/** The download engine: downloads (one per wanted file, the engine's whole state), the candidates tried, and the blocklist. */
export class Downloads1763900000000 implements MigrationInterface {
  name = 'Downloads1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "download_blocklist" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "entry_key" text NOT NULL, "kind" text NOT NULL, "username" text, "filename" text, "reason" text, "source" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f8c6f31f387a2787b940879cc76" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a913939673ec947604736a1ae4" ON "download_blocklist"  ("entry_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_5867c322555b27cfb8268b0530" ON "download_blocklist"  ("username") `);
    await queryRunner.query(`CREATE TABLE "downloads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "state" text NOT NULL, "priority" integer NOT NULL DEFAULT '0', "position" double precision NOT NULL, "wanted_track_id" uuid, "search_id" uuid, "artist" text NOT NULL, "title" text NOT NULL, "album" text, "duration_ms" integer, "profile" text NOT NULL, "pinned_candidate_id" uuid, "current_attempt_id" uuid, "username" text, "filename" text, "size" bigint, "transfer_id" text, "transfer_state" text, "place_in_queue" integer, "bytes_transferred" bigint NOT NULL DEFAULT '0', "percent" real NOT NULL DEFAULT '0', "speed" double precision NOT NULL DEFAULT '0', "eta_seconds" integer, "requested_at" TIMESTAMP WITH TIME ZONE, "progress_at" TIMESTAMP WITH TIME ZONE, "attempt_count" integer NOT NULL DEFAULT '0', "search_count" integer NOT NULL DEFAULT '0', "failure_reason" text, "message" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "local_path" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_60f7fa2aa9b7138737ab957a436" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_df4c4c174357248db7dfc07415" ON "downloads"  ("wanted_track_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_1293156c7d7ec471731b9cba40" ON "downloads"  ("created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_2056eb8257f563c796f26f3bf9" ON "downloads"  ("finished_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_downloads_wanted_track_open" ON "downloads"  ("wanted_track_id") WHERE "state" NOT IN ('done', 'failed', 'cancelled') AND "wanted_track_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_downloads_dispatch" ON "downloads"  ("state", "priority", "position") `);
    await queryRunner.query(`CREATE TABLE "download_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "download_id" uuid NOT NULL, "wanted_track_id" uuid, "username" text NOT NULL, "filename" text NOT NULL, "size" bigint NOT NULL, "outcome" text NOT NULL, "reason" text, "detail" text, "transfer_id" text, "quarantine_path" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c20cad2b19926238eb611f26cd2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_ee55b6c00a7709c6b33c3c1cf5" ON "download_attempts"  ("download_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_5a507b048afeae5b9d864cc84a" ON "download_attempts"  ("wanted_track_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_download_attempts_user_file" ON "download_attempts"  ("username", "filename") `);
    await queryRunner.query(`ALTER TABLE "download_attempts" ADD CONSTRAINT "FK_ee55b6c00a7709c6b33c3c1cf58" FOREIGN KEY ("download_id") REFERENCES "downloads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "download_attempts" DROP CONSTRAINT "FK_ee55b6c00a7709c6b33c3c1cf58"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_download_attempts_user_file"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5a507b048afeae5b9d864cc84a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ee55b6c00a7709c6b33c3c1cf5"`);
    await queryRunner.query(`DROP TABLE "download_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_downloads_dispatch"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_downloads_wanted_track_open"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2056eb8257f563c796f26f3bf9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1293156c7d7ec471731b9cba40"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_df4c4c174357248db7dfc07415"`);
    await queryRunner.query(`DROP TABLE "downloads"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5867c322555b27cfb8268b0530"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a913939673ec947604736a1ae4"`);
    await queryRunner.query(`DROP TABLE "download_blocklist"`);
  }
}
