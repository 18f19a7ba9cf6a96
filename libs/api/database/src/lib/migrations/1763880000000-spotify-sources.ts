import { MigrationInterface, QueryRunner } from 'typeorm';

/** Spotify tokens, list sources, wanted tracks (one per recording) and their entries per list. */
export class SpotifySources1763880000000 implements MigrationInterface {
  name = 'SpotifySources1763880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "list_sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "name" text NOT NULL, "external_id" text, "snapshot_id" text, "sync_enabled" boolean NOT NULL DEFAULT true, "sync_interval_minutes" integer NOT NULL DEFAULT '360', "excluded" boolean NOT NULL DEFAULT false, "last_sync_at" TIMESTAMP WITH TIME ZONE, "last_sync_status" text NOT NULL DEFAULT 'never', "last_sync_message" text, "skipped" jsonb NOT NULL DEFAULT '{"local": 0, "episode": 0, "unavailable": 0}', "artists" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_38099eeaaf5a91374d3221e17c4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_159648261e6ee43532df92f317" ON "list_sources"  ("last_sync_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_2c850f02a6331c0885dda6d2c1" ON "list_sources"  ("kind", "external_id") `);
    await queryRunner.query(`CREATE TABLE "wanted_tracks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dedupe_key" text NOT NULL, "spotify_id" text, "isrc" text, "meta_key" text NOT NULL, "title" text NOT NULL, "artists" text array NOT NULL, "album" text, "duration_ms" integer, "state" text NOT NULL DEFAULT 'wanted', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_31348662068df65621751d1581d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a4b4d4570566d0eb0da0bf38cc" ON "wanted_tracks"  ("dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_b5249a14a424ba7fbd403d0d7f" ON "wanted_tracks"  ("spotify_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9830ada6838d9bf64a94fd88c9" ON "wanted_tracks"  ("isrc") `);
    await queryRunner.query(`CREATE INDEX "IDX_4df2c7e42b5bea8ae955f40a3f" ON "wanted_tracks"  ("meta_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_78a46f70744ae08d86e2c117f0" ON "wanted_tracks"  ("state") `);
    await queryRunner.query(`CREATE TABLE "source_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_id" uuid NOT NULL, "wanted_track_id" uuid NOT NULL, "position" integer NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE, "removed_at" TIMESTAMP WITH TIME ZONE, "seen_in_sync" uuid, CONSTRAINT "PK_98fe635712afd7273350cc86ede" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_956b7530cd3002eeed786cdec6" ON "source_entries"  ("wanted_track_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_428073b4006fae71f490cb4c5f" ON "source_entries"  ("source_id", "position") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_894b959a454a59924895e128c8" ON "source_entries"  ("source_id", "wanted_track_id") `);
    await queryRunner.query(`CREATE TABLE "spotify_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "spotify_user_id" text NOT NULL, "display_name" text, "access_token_sealed" text NOT NULL, "refresh_token_sealed" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "scopes" text array NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'connected', "paused_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bbbc8dca76faa32218424c81323" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "source_entries" ADD CONSTRAINT "FK_5771e20592d8d072ba75d4979cd" FOREIGN KEY ("source_id") REFERENCES "list_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "source_entries" ADD CONSTRAINT "FK_956b7530cd3002eeed786cdec60" FOREIGN KEY ("wanted_track_id") REFERENCES "wanted_tracks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "source_entries" DROP CONSTRAINT "FK_956b7530cd3002eeed786cdec60"`);
    await queryRunner.query(`ALTER TABLE "source_entries" DROP CONSTRAINT "FK_5771e20592d8d072ba75d4979cd"`);
    await queryRunner.query(`DROP TABLE "spotify_tokens"`);
    await queryRunner.query(`DROP TABLE "source_entries"`);
    await queryRunner.query(`DROP TABLE "wanted_tracks"`);
    await queryRunner.query(`DROP TABLE "list_sources"`);
  }
}
