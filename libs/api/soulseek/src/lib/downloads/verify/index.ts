export * from './verify.types';
export { DownloadVerifier, verifyDownload, VERIFY_RETRY_AFTER_MS, type VerifyEnvironment } from './download-verifier';
export { durationToleranceMs } from './audio-check';
export { mapSlskdPath, type DownloadFolders } from './locate';
