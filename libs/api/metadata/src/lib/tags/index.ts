export * from './audio-tags.types';
export { AudioReadError, AudioWriteError, type AudioReadFailure, type AudioWriteFailure } from './audio-tags.errors';
export { readAudioInfo } from './read-audio-info';
export { writeTags } from './write-tags';
