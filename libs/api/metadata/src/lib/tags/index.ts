export * from './audio-tags.types';
export * from './audio-tags.errors';
export { readAudioInfo } from './read-audio-info';
export { writeTags } from './write-tags';
