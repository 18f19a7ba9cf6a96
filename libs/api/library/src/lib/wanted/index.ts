export * from './entities/list-source.entity';
export * from './entities/wanted-track.entity';
export * from './entities/source-entry.entity';
export * from './wanted-tracks.repository';
export * from './wanted-tracks.service';
