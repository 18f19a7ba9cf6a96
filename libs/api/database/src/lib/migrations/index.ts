import { Init1763860000000 } from './1763860000000-init';

/** Every migration in order. Never edit one that has landed; add a new one (npm run migration:sql shows the drift). */
export const MIGRATIONS = [Init1763860000000];
