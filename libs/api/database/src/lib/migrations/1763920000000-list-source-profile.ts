import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-list quality profile override (a profile id; null: the default profile). No FK: profiles live in settings. */
export class ListSourceProfile1763920000000 implements MigrationInterface {
  name = 'ListSourceProfile1763920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "list_sources" ADD "profile" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "list_sources" DROP COLUMN "profile"`);
  }
}
