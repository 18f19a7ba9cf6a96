export * from './sanitize-path';
export * from './naming-template';
