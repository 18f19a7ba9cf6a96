import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SettingEntity } from './entities/setting.entity';

@Injectable()
export class SettingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(section: string): Promise<Record<string, unknown> | null> {
    return (await this.db.getRepository(SettingEntity).findOneBy({ section }))?.value ?? null;
  }

  async put(section: string, value: Record<string, unknown>): Promise<void> {
    // jsonb upsert in one statement; a concurrent PATCH simply wins last.
    await this.db.query('INSERT INTO settings (section, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (section) DO UPDATE SET value = EXCLUDED.value, updated_at = now()', [section, JSON.stringify(value)]);
  }
}
