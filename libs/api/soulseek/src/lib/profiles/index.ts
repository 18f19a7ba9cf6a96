export * from './quality-profiles.service';
export * from './quality-profiles.controller';
export * from './quality-profile.mapper';
