/** Request/response types and live events of the soulseek feature. */

/** Members of the live event stream published by the soulseek feature (none yet). */
export type SoulseekServerEvent = never;
