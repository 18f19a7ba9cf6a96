export * from './slskd';
export * from './spotify';
export * from './metadata';
