import { MigrationInterface, QueryRunner } from 'typeorm';

/** Imports: one row per file going into the library, with what each pipeline step did. */
export class Imports1763890000000 implements MigrationInterface {
  name = 'Imports1763890000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" text NOT NULL, "source_path" text NOT NULL, "hints" jsonb NOT NULL DEFAULT '{}', "resolved" jsonb, "steps" jsonb NOT NULL DEFAULT '[]', "target_path" text, "expected_sha256" text, "result_path" text, "error" text, "attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ea10c62f5eb1d75e83d8b5225db" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_d371c5c5522c7e62f84600e4cd" ON "imports"  ("status") `);
    await queryRunner.query(`CREATE INDEX "IDX_9ab1cdc4e757274fe4935ee72b" ON "imports"  ("created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_9ab1cdc4e757274fe4935ee72b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d371c5c5522c7e62f84600e4cd"`);
    await queryRunner.query(`DROP TABLE "imports"`);
  }
}
