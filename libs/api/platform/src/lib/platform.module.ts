import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthRepository } from './auth/auth.repository';
import { AuthService } from './auth/auth.service';
import { LoginRateLimiter } from './auth/login-rate-limiter';
import { PasswordHasher } from './auth/password-hasher';
import { EventsController } from './events/events.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { SettingsController } from './settings/settings.controller';
import { SettingsRepository } from './settings/settings.repository';
import { LogLevelSync } from './settings/log-level.sync';
import { SettingsService } from './settings/settings.service';
import { HealthController } from './system/health.controller';
import { JobOutcomeStore } from './system/job-outcome.store';
import { SelfCheckRepository } from './system/self-check.repository';
import { SelfCheckService } from './system/self-check.service';
import { SystemController } from './system/system.controller';
import { SystemService } from './system/system.service';
import { WorkerHeartbeatStore } from './system/worker-heartbeat.store';

const shared: Provider[] = [
  AuthRepository,
  AuthService,
  PasswordHasher,
  LoginRateLimiter,
  SettingsRepository,
  SettingsService,
  SelfCheckRepository,
  SelfCheckService,
  SystemService,
  WorkerHeartbeatStore,
  JobOutcomeStore,
  LogLevelSync,
];

/** Auth, runtime settings, health/system, the event stream and metrics: what every feature stands on. */
@Module({})
export class PlatformModule {
  static forApi(): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [AuthController, SettingsController, HealthController, SystemController, EventsController, MetricsController],
      providers: [...shared, MetricsService, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [...shared, MetricsService],
    };
  }

  static forWorker(): DynamicModule {
    return { module: PlatformModule, global: true, providers: shared, exports: shared };
  }
}
