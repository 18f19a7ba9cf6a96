import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hand-over from a verified download to the library: an import remembers the download it came from
 * (unique: one import per download, however often the hand-over runs) and the wanted track it is for;
 * a wanted track remembers its library file (playlists are exported from it).
 */
export class LibraryHandOver1763910000000 implements MigrationInterface {
  name = 'LibraryHandOver1763910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "wanted_tracks" ADD "library_path" text`);
    await queryRunner.query(`ALTER TABLE "imports" ADD "wanted_track_id" uuid`);
    await queryRunner.query(`ALTER TABLE "imports" ADD "download_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_eb221673a7caa36ed93bf4eb94" ON "imports"  ("wanted_track_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3e618d8eb1c6b07fe90ccfbfa7" ON "imports"  ("download_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_3e618d8eb1c6b07fe90ccfbfa7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eb221673a7caa36ed93bf4eb94"`);
    await queryRunner.query(`ALTER TABLE "imports" DROP COLUMN "download_id"`);
    await queryRunner.query(`ALTER TABLE "imports" DROP COLUMN "wanted_track_id"`);
    await queryRunner.query(`ALTER TABLE "wanted_tracks" DROP COLUMN "library_path"`);
  }
}
