export * from './spotify-fake.library';
export * from './spotify-fake.server';
export type { Json, JsonObject } from './spotify-fake.render';
export * from './catalogue-playlist';
