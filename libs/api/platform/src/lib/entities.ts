import { ApiKeyEntity } from './auth/entities/api-key.entity';
import { SessionEntity } from './auth/entities/session.entity';
import { UserEntity } from './auth/entities/user.entity';
import { SettingEntity } from './settings/entities/setting.entity';
import { SelfCheckRunEntity } from './system/entities/self-check-run.entity';

export const PLATFORM_ENTITIES = [UserEntity, SessionEntity, ApiKeyEntity, SettingEntity, SelfCheckRunEntity];
