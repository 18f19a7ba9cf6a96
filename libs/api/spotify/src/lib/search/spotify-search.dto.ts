import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { AddFromSearchRequest, AddFromSearchResponse, SpotifySearchItem, SpotifySearchResponse, SpotifySearchType } from '@soulspot/shared/contracts';

const TYPES: SpotifySearchType[] = ['track', 'album'];

export class SpotifySearchQueryDto {
  @ApiProperty({ description: 'Search words (Spotify field filters like artist: work too)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q!: string;

  @ApiPropertyOptional({ enum: TYPES, default: 'track' })
  @IsOptional()
  @IsIn(TYPES)
  type: SpotifySearchType = 'track';

  /** Spotify stops at offset 1000: page 100 of 10. */
  @ApiPropertyOptional({ type: Number, default: 1, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page: number = 1;
}

export class SpotifySearchItemDto implements SpotifySearchItem {
  @ApiProperty({ enum: TYPES }) kind!: SpotifySearchType;
  @ApiProperty() spotifyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) artists!: string[];
  @ApiProperty({ type: String, nullable: true }) album!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) releaseDate!: string | null;
  @ApiProperty({ type: Number, nullable: true }) totalTracks!: number | null;
  @ApiProperty({ type: String, nullable: true }) imageUrl!: string | null;
  @ApiProperty() wanted!: boolean;
}

export class SpotifySearchResponseDto implements SpotifySearchResponse {
  @ApiProperty({ type: [SpotifySearchItemDto] }) items!: SpotifySearchItemDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
  @ApiProperty() hasMore!: boolean;
}

export class AddFromSearchDto implements AddFromSearchRequest {
  @ApiProperty({ enum: TYPES })
  @IsIn(TYPES)
  kind!: SpotifySearchType;

  @ApiProperty({ description: 'Spotify track or album id (base62)' })
  @IsString()
  @Matches(/^[0-9A-Za-z]{1,64}$/, { message: 'spotifyId must be a Spotify id (letters and digits)' })
  spotifyId!: string;
}

export class AddFromSearchResponseDto implements AddFromSearchResponse {
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() tracks!: number;
  @ApiProperty() created!: number;
}
