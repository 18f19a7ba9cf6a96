export * from './lib/automation.module';
export * from './lib/hand-over/download-hand-over.service';
export * from './lib/hand-over/verified-download.repository';
export * from './lib/jobs/download-verified.processor';
export * from './lib/playlists/playlist-refresh.listener';
export * from './lib/recovery/lost-jobs.service';
