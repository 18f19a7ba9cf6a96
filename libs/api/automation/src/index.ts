export * from './lib/api-automation.module';
