import { DynamicModule, Global, Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from './config/app-config';
import { SecretBox } from './crypto/secret-box';
import { EventBus } from './events/event-bus';
import { JobQueue } from './jobs/job-queue';
import { createRedis } from './jobs/redis';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const REDIS = Symbol('REDIS');

/** Injects the validated config: `@Inject(APP_CONFIG) config: AppConfig`. */
export const InjectConfig = () => Inject(APP_CONFIG);

@Injectable()
class RedisCloser implements OnModuleDestroy {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.secretKey) },
        { provide: REDIS, useFactory: () => createRedis(config.redisUrl, { connectionName: `soulspot-${config.role}` }) },
        RedisCloser,
        { provide: JobQueue, inject: [REDIS], useFactory: (redis: Redis) => new JobQueue(redis, config.redisPrefix) },
        {
          provide: EventBus,
          inject: [REDIS],
          useFactory: (redis: Redis) => new EventBus(redis, () => createRedis(config.redisUrl, { connectionName: `soulspot-${config.role}-events` }), `${config.redisPrefix}:events`),
        },
      ],
      exports: [APP_CONFIG, SecretBox, REDIS, JobQueue, EventBus],
    };
  }
}
