export * from './lib/api-soulseek.module';
