export * from './m3u8';
export * from './playlist-export.repository';
export * from './playlist-export.service';
