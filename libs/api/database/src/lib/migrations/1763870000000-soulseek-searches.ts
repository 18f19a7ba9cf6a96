import { MigrationInterface, QueryRunner } from 'typeorm';

/** Interactive Soulseek searches and every candidate file they saw (accepted with scores, rejected with reasons). */
export class SoulseekSearches1763870000000 implements MigrationInterface {
  name = 'SoulseekSearches1763870000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "soulseek_searches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" text NOT NULL, "artist" text NOT NULL, "title" text NOT NULL, "album" text, "duration_ms" integer, "profile" text NOT NULL, "steps" jsonb NOT NULL DEFAULT '[]', "accepted_count" integer NOT NULL DEFAULT '0', "rejected_count" integer NOT NULL DEFAULT '0', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c7b20e605b4a1ef00bda8d32d0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_da14d38666e7b52b8bb23a601b" ON "soulseek_searches"  ("created_at") `);
    await queryRunner.query(`CREATE TABLE "soulseek_search_candidates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "search_id" uuid NOT NULL, "accepted" boolean NOT NULL, "position" integer NOT NULL, "username" text NOT NULL, "filename" text NOT NULL, "size" bigint NOT NULL, "length_seconds" integer, "bit_rate" integer, "bit_depth" integer, "sample_rate" integer, "upload_speed" integer NOT NULL, "queue_length" integer NOT NULL, "has_free_upload_slot" boolean NOT NULL, "identity" real, "quality" real, "availability" real, "band" smallint, "quality_tier" smallint, "avail_class" smallint, "eta_seconds" integer, "reasons" jsonb NOT NULL DEFAULT '[]', "reject_reason" text, "reject_detail" text, CONSTRAINT "PK_db8be1d29b482474d8f244ddea7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_da7ed9b0dfb40e7a19fd977478" ON "soulseek_search_candidates"  ("search_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_f2ef45c7253227ab3c54669525" ON "soulseek_search_candidates"  ("search_id", "accepted", "position") `);
    await queryRunner.query(`ALTER TABLE "soulseek_search_candidates" ADD CONSTRAINT "FK_da7ed9b0dfb40e7a19fd9774783" FOREIGN KEY ("search_id") REFERENCES "soulseek_searches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "soulseek_search_candidates" DROP CONSTRAINT "FK_da7ed9b0dfb40e7a19fd9774783"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f2ef45c7253227ab3c54669525"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_da7ed9b0dfb40e7a19fd977478"`);
    await queryRunner.query(`DROP TABLE "soulseek_search_candidates"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_da14d38666e7b52b8bb23a601b"`);
    await queryRunner.query(`DROP TABLE "soulseek_searches"`);
  }
}
