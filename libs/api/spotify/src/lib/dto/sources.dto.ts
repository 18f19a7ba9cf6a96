import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type {
  CreateListSourceRequest,
  DiscoveredSpotifyList,
  DiscoverSpotifyListsResponse,
  ImportListResponse,
  ListSource,
  ListSourceCounts,
  ListSourceKind,
  ListSourceTrack,
  ListSyncStatus,
  Page,
  SkippedEntryCounts,
  UpdateListSourceRequest,
} from '@soulspot/shared/contracts';

const KINDS: ListSourceKind[] = ['spotify_playlist', 'spotify_liked', 'spotify_saved_albums', 'spotify_followed_artists', 'csv', 'text', 'search'];
const SPOTIFY_KINDS = ['spotify_playlist', 'spotify_liked', 'spotify_saved_albums', 'spotify_followed_artists'] as const;
const STATUSES: ListSyncStatus[] = ['never', 'queued', 'running', 'ok', 'error', 'paused'];

export class ListSourceCountsDto implements ListSourceCounts {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Not excluded: inLibrary + missing' }) wanted!: number;
  @ApiProperty({ description: 'Wanted tracks with a file in the library' }) inLibrary!: number;
  @ApiProperty({ description: 'Wanted tracks without a file yet' }) missing!: number;
  @ApiProperty() excluded!: number;
  @ApiProperty() removed!: number;
}

export class SkippedEntryCountsDto implements SkippedEntryCounts {
  @ApiProperty() local!: number;
  @ApiProperty() episode!: number;
  @ApiProperty() unavailable!: number;
}

export class SourceArtistDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class ListSourceDto implements ListSource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: KINDS }) kind!: ListSourceKind;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) externalId!: string | null;
  @ApiProperty({ type: String, nullable: true }) snapshotId!: string | null;
  @ApiProperty() syncEnabled!: boolean;
  @ApiProperty() syncIntervalMinutes!: number;
  @ApiProperty() excluded!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Quality profile id; null: the default profile' }) profile?: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSyncAt!: string | null;
  @ApiProperty({ enum: STATUSES }) lastSyncStatus!: ListSyncStatus;
  @ApiProperty({ type: String, nullable: true }) lastSyncMessage!: string | null;
  @ApiProperty({ type: ListSourceCountsDto }) counts!: ListSourceCountsDto;
  @ApiProperty({ type: SkippedEntryCountsDto }) skipped!: SkippedEntryCountsDto;
  @ApiProperty({ type: [SourceArtistDto] }) artists!: SourceArtistDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreateListSourceDto implements CreateListSourceRequest {
  @ApiProperty({ enum: SPOTIFY_KINDS })
  @IsIn(SPOTIFY_KINDS)
  kind!: CreateListSourceRequest['kind'];

  @ApiPropertyOptional({ description: 'Spotify playlist id (spotify_playlist only)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{10,40}$/, { message: 'externalId must be a Spotify playlist id' })
  externalId?: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;
}

export class UpdateListSourceDto implements UpdateListSourceRequest {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() syncEnabled?: boolean;

  @ApiPropertyOptional({ minimum: 15, maximum: 10080 })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(10080)
  syncIntervalMinutes?: number;

  @ApiPropertyOptional({ description: 'Exclude the whole list from wanting' }) @IsOptional() @IsBoolean() excluded?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(300) name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: 'Quality profile id (GET /api/quality-profiles); null: the default profile' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  profile?: string | null;
}

export class ImportListDto {
  @ApiPropertyOptional({ description: 'Decides the format by extension (.csv, .txt, .m3u, .m3u8)' }) fileName?: string;
  @ApiProperty({ description: 'The file content' }) content!: string;
  @ApiPropertyOptional() name?: string;
}

export class ImportListQueryDto {
  @ApiPropertyOptional({ description: 'For a text/plain or text/csv body: the file name' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  fileName?: string;

  @ApiPropertyOptional({ description: 'Name of the new list' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;
}

export class ListParseErrorDto {
  @ApiProperty() line!: number;
  @ApiProperty() reason!: string;
}

export class ImportListResponseDto implements ImportListResponse {
  @ApiProperty({ type: ListSourceDto }) source!: ListSourceDto;
  @ApiProperty({ enum: ['csv', 'text', 'm3u'] }) format!: 'csv' | 'text' | 'm3u';
  @ApiProperty() imported!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty({ type: [ListParseErrorDto] }) errors!: ListParseErrorDto[];
}

export class DiscoveredSpotifyListDto implements DiscoveredSpotifyList {
  @ApiProperty({ enum: SPOTIFY_KINDS }) kind!: CreateListSourceRequest['kind'];
  @ApiProperty({ type: String, nullable: true }) externalId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) ownerName!: string | null;
  @ApiProperty({ type: Number, nullable: true }) totalItems!: number | null;
  @ApiProperty() readable!: boolean;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceId!: string | null;
}

export class DiscoverSpotifyListsResponseDto implements DiscoverSpotifyListsResponse {
  @ApiProperty({ type: [DiscoveredSpotifyListDto] }) lists!: DiscoveredSpotifyListDto[];
}

export class ListSourceTrackDto implements ListSourceTrack {
  @ApiProperty({ format: 'uuid' }) entryId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ format: 'uuid' }) wantedTrackId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) artists!: string[];
  @ApiProperty({ type: String, nullable: true }) album!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) isrc!: string | null;
  @ApiProperty({ type: String, nullable: true }) spotifyId!: string | null;
  @ApiProperty({ enum: ['wanted', 'excluded', 'in_library'] }) state!: 'wanted' | 'excluded' | 'in_library';
  @ApiProperty() trackExcluded!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) addedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) removedAt!: string | null;
}

export class ListSourceTrackPageDto implements Page<ListSourceTrack> {
  @ApiProperty({ type: [ListSourceTrackDto] }) items!: ListSourceTrackDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ListSourceTracksQueryDto {
  @ApiPropertyOptional({ type: Number, default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ type: Number, default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize: number = 100;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also list entries that left the list' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  includeRemoved: boolean = false;
}
