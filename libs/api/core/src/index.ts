export * from './lib/errors/external-service.error';
