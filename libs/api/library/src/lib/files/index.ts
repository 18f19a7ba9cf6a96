export * from './safe-move';
export { fsyncDir, fsyncFile, sha256File, sidecarPath, withCollisionSuffix, writeFileAtomic, type WriteFileAtomicOptions } from './fs-durable';
