/** Request/response types and live events of the spotify feature. */

/** Members of the live event stream published by the spotify feature (none yet). */
export type SpotifyServerEvent = never;
