import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type {
  CreateImportRequest,
  ImportHints,
  ImportRecord,
  ImportSettings,
  ImportStatus,
  ImportStep,
  ImportStepName,
  ImportStepStatus,
  NamingPreviewRequest,
  NamingPreviewResponse,
  Page,
  UpdateImportSettingsRequest,
} from '@soulspot/shared/contracts';

const STATUSES: ImportStatus[] = ['queued', 'running', 'done', 'failed'];
const STEP_NAMES: ImportStepName[] = ['verify', 'metadata', 'cover', 'lyrics', 'tags', 'move'];
const STEP_STATUSES: ImportStepStatus[] = ['done', 'skipped', 'failed'];

export class ImportHintsDto implements ImportHints {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) artist?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) album?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) albumArtist?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(24 * 3600 * 1000) durationMs?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z]{2}-?[A-Za-z0-9]{3}-?[0-9]{2}-?[0-9]{5}$/, { message: 'isrc must be an ISRC like USUM71900764' }) isrc?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(999) trackNumber?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(99) discNumber?: number;
  @ApiPropertyOptional({ description: 'YYYY, YYYY-MM or YYYY-MM-DD' }) @IsOptional() @Matches(/^\d{4}(-\d{2}(-\d{2})?)?$/) releaseDate?: string;
}

export class CreateImportDto implements CreateImportRequest {
  @ApiProperty({ description: 'Absolute path of an audio file on the SoulSpot server' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  path!: string;

  @ApiPropertyOptional({ type: ImportHintsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImportHintsDto)
  hints?: ImportHintsDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'The wanted track the file is for: when the import is done it is in the library' })
  @IsOptional()
  @IsUUID()
  wantedTrackId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The verified download the file came from (one import per download)' })
  @IsOptional()
  @IsUUID()
  downloadId?: string;
}

export class ImportStepDto implements ImportStep {
  @ApiProperty({ enum: STEP_NAMES }) name!: ImportStepName;
  @ApiProperty({ enum: STEP_STATUSES }) status!: ImportStepStatus;
  @ApiProperty() detail!: string;
  @ApiProperty() durationMs!: number;
}

export class ImportRecordDto implements ImportRecord {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: STATUSES }) status!: ImportStatus;
  @ApiProperty() sourcePath!: string;
  @ApiProperty({ type: ImportHintsDto }) hints!: ImportHintsDto;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) wantedTrackId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) downloadId!: string | null;
  @ApiProperty({ type: [ImportStepDto] }) steps!: ImportStepDto[];
  @ApiProperty({ type: String, nullable: true }) resultPath!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
}

export class ImportPageDto implements Page<ImportRecord> {
  @ApiProperty({ type: [ImportRecordDto] }) items!: ImportRecordDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ListImportsQueryDto {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: ImportStatus;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class NamingPreviewRequestDto implements NamingPreviewRequest {
  @ApiProperty() @IsString() @MaxLength(2000) template!: string;
}

export class TemplateProblemDto {
  @ApiProperty() index!: number;
  @ApiProperty() message!: string;
}

export class NamingPreviewResponseDto implements NamingPreviewResponse {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: [TemplateProblemDto] }) errors!: TemplateProblemDto[];
  @ApiProperty({ type: String, nullable: true }) path!: string | null;
}

export class NamingTemplatesDto {
  @ApiProperty() standard!: string;
  @ApiProperty() compilation!: string;
}

export class ImportStepTogglesDto {
  @ApiProperty() musicbrainz!: boolean;
  @ApiProperty() coverArt!: boolean;
  @ApiProperty() lyrics!: boolean;
  @ApiProperty() lastfmGenres!: boolean;
}

export class ImportProvidersDto {
  @ApiProperty() musicBrainz!: string;
  @ApiProperty() coverArtArchive!: string;
  @ApiProperty() lrclib!: string;
  @ApiProperty() lastfm!: string;
  @ApiProperty() deezer!: string;
}

export class ImportSettingsDto implements ImportSettings {
  @ApiProperty() libraryPath!: string;
  @ApiProperty({ type: NamingTemplatesDto }) templates!: NamingTemplatesDto;
  @ApiProperty({ type: ImportStepTogglesDto }) steps!: ImportStepTogglesDto;
  @ApiProperty() contact!: string;
  @ApiProperty() lastfmApiKeySet!: boolean;
  @ApiProperty({ type: ImportProvidersDto }) providers!: ImportProvidersDto;
}

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class UpdateNamingTemplatesDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) standard?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) compilation?: string;
}

export class UpdateImportStepTogglesDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() musicbrainz?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() coverArt?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() lyrics?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() lastfmGenres?: boolean;
}

export class UpdateImportProvidersDto {
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) musicBrainz?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) coverArtArchive?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) lrclib?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) lastfm?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) deezer?: string;
}

export class UpdateImportSettingsDto implements UpdateImportSettingsRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(4096) libraryPath?: string;
  @ApiPropertyOptional({ type: UpdateNamingTemplatesDto }) @IsOptional() @ValidateNested() @Type(() => UpdateNamingTemplatesDto) templates?: UpdateNamingTemplatesDto;
  @ApiPropertyOptional({ type: UpdateImportStepTogglesDto }) @IsOptional() @ValidateNested() @Type(() => UpdateImportStepTogglesDto) steps?: UpdateImportStepTogglesDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) contact?: string;
  @ApiPropertyOptional({ description: 'Empty string removes the stored key' }) @IsOptional() @IsString() @MaxLength(200) lastfmApiKey?: string;
  @ApiPropertyOptional({ type: UpdateImportProvidersDto }) @IsOptional() @ValidateNested() @Type(() => UpdateImportProvidersDto) providers?: UpdateImportProvidersDto;
}
