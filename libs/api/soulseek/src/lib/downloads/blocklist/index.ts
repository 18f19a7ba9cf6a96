export { BlocklistService, BlocklistSnapshot, DEFAULT_AUTO_BLOCK_DAYS } from './blocklist.service';
export { BlocklistRepository, blocklistKey, bareFileName, toBlocklistEntry } from './blocklist.repository';
export { BlocklistController } from './blocklist.controller';
