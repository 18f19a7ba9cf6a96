import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  QUALITY_PROFILE_FORMATS,
  type CreateQualityProfileRequest,
  type QualityProfileFormat,
  type QualityProfileView,
  type UpdateQualityProfileRequest,
} from '@soulspot/shared/contracts';

export const MAX_PROFILE_WORDS = 50;
export const MAX_PROFILE_USERS = 200;
export const MAX_WORD_LENGTH = 100;

/** Trims every entry and drops blanks; anything that is not a list is left for the validators to reject. */
const trimList = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '') : value;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }): unknown => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value);

export class QualityProfileFieldsDto implements CreateQualityProfileRequest {
  @ApiProperty({ example: 'MP3 320 only', maxLength: 60 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  name!: string;

  @ApiProperty({ enum: QUALITY_PROFILE_FORMATS, isArray: true, description: 'Allowed formats, most preferred first', example: ['flac', 'mp3'] })
  @Transform(lower)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(QUALITY_PROFILE_FORMATS.length)
  @ArrayUnique()
  @IsIn(QUALITY_PROFILE_FORMATS, { each: true })
  allowedFormats!: QualityProfileFormat[];

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 8, maximum: 5000, description: 'Lossy files below this bitrate (kbps) are rejected' })
  @IsOptional()
  @IsInt()
  @Min(8)
  @Max(5000)
  minBitrate?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 8, maximum: 5000, description: 'Lossy files above this bitrate (kbps) are rejected' })
  @IsOptional()
  @IsInt()
  @Min(8)
  @Max(5000)
  maxBitrate?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 8, maximum: 32, example: 16 })
  @IsOptional()
  @IsInt()
  @Min(8)
  @Max(32)
  maxBitDepth?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 8000, maximum: 768000, example: 48000 })
  @IsOptional()
  @IsInt()
  @Min(8000)
  @Max(768000)
  maxSampleRate?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 10000, description: 'Smallest file size in MB (MiB)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(10000)
  minSizeMb?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0.01, maximum: 10000, description: 'Largest file size in MB (MiB)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(10000)
  maxSizeMb?: number | null;

  @ApiProperty({ type: [String], maxItems: MAX_PROFILE_WORDS, description: 'Every word must occur in the file path', example: [] })
  @Transform(trimList)
  @IsArray()
  @ArrayMaxSize(MAX_PROFILE_WORDS)
  @IsString({ each: true })
  @MaxLength(MAX_WORD_LENGTH, { each: true })
  requiredWords!: string[];

  @ApiProperty({ type: [String], maxItems: MAX_PROFILE_WORDS, description: 'A path containing any of these words is rejected', example: ['karaoke'] })
  @Transform(trimList)
  @IsArray()
  @ArrayMaxSize(MAX_PROFILE_WORDS)
  @IsString({ each: true })
  @MaxLength(MAX_WORD_LENGTH, { each: true })
  ignoredWords!: string[];

  @ApiProperty({ type: [String], maxItems: MAX_PROFILE_USERS, description: 'Soulseek users ranked first among equals', example: [] })
  @Transform(trimList)
  @IsArray()
  @ArrayMaxSize(MAX_PROFILE_USERS)
  @IsString({ each: true })
  @MaxLength(MAX_WORD_LENGTH, { each: true })
  preferredUsers!: string[];

  @ApiProperty({ type: [String], maxItems: MAX_PROFILE_USERS, description: 'Soulseek users never downloaded from with this profile', example: [] })
  @Transform(trimList)
  @IsArray()
  @ArrayMaxSize(MAX_PROFILE_USERS)
  @IsString({ each: true })
  @MaxLength(MAX_WORD_LENGTH, { each: true })
  bannedUsers!: string[];
}

export class CreateQualityProfileDto extends QualityProfileFieldsDto implements CreateQualityProfileRequest {}
export class UpdateQualityProfileDto extends QualityProfileFieldsDto implements UpdateQualityProfileRequest {}

export class QualityProfileDto implements QualityProfileView {
  @ApiProperty({ example: 'lossless-preferred', description: 'A built-in id or the uuid of a user profile' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Built-ins are read-only' }) builtIn!: boolean;
  @ApiProperty() isDefault!: boolean;
  @ApiProperty({ enum: QUALITY_PROFILE_FORMATS, isArray: true }) allowedFormats!: QualityProfileFormat[];
  @ApiProperty({ type: Number, nullable: true }) minBitrate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxBitrate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxBitDepth!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxSampleRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) minSizeMb!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxSizeMb!: number | null;
  @ApiProperty({ type: [String] }) requiredWords!: string[];
  @ApiProperty({ type: [String] }) ignoredWords!: string[];
  @ApiProperty({ type: [String] }) preferredUsers!: string[];
  @ApiProperty({ type: [String] }) bannedUsers!: string[];
}
