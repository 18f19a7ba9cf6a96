import { ExternalServiceError } from '@soulspot/api/core';

export type MetadataServiceName = 'musicbrainz' | 'coverartarchive' | 'lrclib' | 'lastfm' | 'deezer';

type ExternalServiceErrorOptions = NonNullable<ConstructorParameters<typeof ExternalServiceError>[2]>;

/**
 * Every failure of a metadata client. `code` is ours and stable ('rate_limited', 'invalid_api_key', ...);
 * `serviceCode` is the service's own number when it has one (Last.fm `error`, Deezer `error.code`).
 */
export class MetadataServiceError extends ExternalServiceError {
  readonly serviceCode: number | undefined;

  constructor(
    readonly metadataService: MetadataServiceName,
    message: string,
    options: ExternalServiceErrorOptions & { serviceCode?: number } = {},
  ) {
    const { serviceCode, ...rest } = options;
    super(metadataService, message, rest);
    this.serviceCode = serviceCode;
  }
}
