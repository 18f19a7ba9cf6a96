export * from './lib/matcher';
export * from './lib/clients';
export * from './lib/soulseek.module';
