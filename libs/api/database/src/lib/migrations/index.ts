import { Init1763860000000 } from './1763860000000-init';
import { SoulseekSearches1763870000000 } from './1763870000000-soulseek-searches';
import { SpotifySources1763880000000 } from './1763880000000-spotify-sources';
import { Imports1763890000000 } from './1763890000000-imports';
import { Downloads1763900000000 } from './1763900000000-downloads';
import { LibraryHandOver1763910000000 } from './1763910000000-library-hand-over';
import { DownloadListIndexes1763915000000 } from './1763915000000-download-list-indexes';
import { ListSourceProfile1763920000000 } from './1763920000000-list-source-profile';

/** Every migration in order. Never edit one that has landed; add a new one (npm run migration:sql shows the drift). */
export const MIGRATIONS = [Init1763860000000, SoulseekSearches1763870000000, SpotifySources1763880000000, Imports1763890000000, Downloads1763900000000, LibraryHandOver1763910000000, DownloadListIndexes1763915000000, ListSourceProfile1763920000000];
