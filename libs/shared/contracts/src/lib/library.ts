/** Request/response types and live events of the library feature. */

/** Members of the live event stream published by the library feature (none yet). */
export type LibraryServerEvent = never;
