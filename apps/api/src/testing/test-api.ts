import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@soulspot/api/core';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { createApiApp } from '../app/create-api-app';

export interface TestApi {
  app: NestExpressApplication;
  url: string;
  config: AppConfig & { databaseUrl: string };
  close: () => Promise<void>;
}

/** The real api application on an ephemeral port, with its own cloned database and Redis prefix. */
export async function startTestApi(label: string, overrides: Partial<AppConfig> = {}): Promise<TestApi> {
  const db = await createTestDatabase(label);
  const config = { ...testConfig({ redisPrefix: testRedisPrefix(label), ...overrides }), databaseUrl: db.url };
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
