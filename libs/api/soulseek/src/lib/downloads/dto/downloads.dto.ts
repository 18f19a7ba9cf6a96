import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DOWNLOAD_ACTIONS,
  DOWNLOAD_STATES,
  FINISHED_DOWNLOAD_STATES,
  type CreateDownloadsRequest,
  type CreateDownloadsResponse,
  type Download,
  type DownloadAction,
  type DownloadAttempt,
  type DownloadAttemptOutcome,
  type DownloadBatchRequest,
  type DownloadBatchResponse,
  type DownloadDetail,
  type DownloadFailureReason,
  type DownloadQueueStatus,
  type DownloadSettings,
  type DownloadState,
  type Page,
  type ReorderDownloadRequest,
  type SoulseekProfileId,
  type UpdateDownloadSettingsRequest,
} from '@soulspot/shared/contracts';

const FAILURE_REASONS: DownloadFailureReason[] = [
  'no_candidates',
  'all_candidates_failed',
  'search_failed',
  'user_offline',
  'rejected',
  'enqueue_timeout',
  'remote_queue_timeout',
  'stalled',
  'too_slow',
  'transfer_errored',
  'transfer_timed_out',
  'transfer_lost',
  'verification_failed',
  'file_missing',
  'blocklisted',
  'slskd_error',
];

/** `a,b` or repeated query parameters → a list of states. */
const toStates = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === '') return [];
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return parts.map((p) => p.trim()).filter(Boolean);
};

export class DownloadListQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated states', example: 'queued,downloading', type: String })
  @IsOptional()
  @Transform(toStates)
  @IsIn(DOWNLOAD_STATES, { each: true, message: `state must be one of ${DOWNLOAD_STATES.join(', ')}` })
  state: DownloadState[] = [];

  @ApiPropertyOptional({ description: 'Text in artist, title, album or file name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize: number = 50;
}

export class ClearFinishedQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated finished states (default: done,failed,cancelled)', example: 'done', type: String })
  @IsOptional()
  @Transform(toStates)
  @IsIn(FINISHED_DOWNLOAD_STATES, { each: true, message: `state must be one of ${FINISHED_DOWNLOAD_STATES.join(', ')}` })
  state: DownloadState[] = [];
}

export class DownloadDto implements Download {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DOWNLOAD_STATES }) state!: DownloadState;
  @ApiProperty() priority!: number;
  @ApiProperty() position!: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) wantedTrackId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) searchId!: string | null;
  @ApiProperty() artist!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) album!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ description: 'Quality profile id (a built-in or a user profile, see GET /api/quality-profiles)' }) profile!: SoulseekProfileId;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ type: String, nullable: true }) filename!: string | null;
  @ApiProperty({ type: Number, nullable: true }) size!: number | null;
  @ApiProperty({ type: Number, nullable: true }) placeInQueue!: number | null;
  @ApiProperty() bytesTransferred!: number;
  @ApiProperty({ description: '0–100' }) percent!: number;
  @ApiProperty({ description: 'Bytes per second' }) speed!: number;
  @ApiProperty({ type: Number, nullable: true }) etaSeconds!: number | null;
  @ApiProperty() attemptCount!: number;
  @ApiProperty() searchCount!: number;
  @ApiProperty({ enum: FAILURE_REASONS, nullable: true }) failureReason!: DownloadFailureReason | null;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) localPath!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
}

export class DownloadAttemptDto implements DownloadAttempt {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed', 'cancelled'] }) outcome!: DownloadAttemptOutcome;
  @ApiProperty({ enum: FAILURE_REASONS, nullable: true }) reason!: DownloadFailureReason | null;
  @ApiProperty({ type: String, nullable: true }) detail!: string | null;
  @ApiProperty({ type: String, nullable: true }) quarantinePath!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endedAt!: string | null;
}

export class DownloadDetailDto extends DownloadDto implements DownloadDetail {
  @ApiProperty({ type: [DownloadAttemptDto], description: 'Newest first' }) attempts!: DownloadAttemptDto[];
}

export class DownloadPageDto implements Page<Download> {
  @ApiProperty({ type: [DownloadDto] }) items!: DownloadDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class AdHocTrackDto {
  @ApiProperty({ example: 'Mara Quinn' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  artist!: string;

  @ApiProperty({ example: 'Undertow' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  album?: string;

  @ApiPropertyOptional({ example: 251000 })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(6 * 3600 * 1000)
  durationMs?: number;
}

export class ChosenCandidateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  searchId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  candidateId!: string;
}

export class CreateDownloadsDto implements CreateDownloadsRequest {
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  wantedTrackIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Every missing track of this list' })
  @IsOptional()
  @IsUUID()
  sourceId?: string;

  @ApiPropertyOptional({ type: AdHocTrackDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AdHocTrackDto)
  track?: AdHocTrackDto;

  @ApiPropertyOptional({ type: ChosenCandidateDto, description: 'A file chosen on the search page: only this file is tried' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChosenCandidateDto)
  candidate?: ChosenCandidateDto;

  @ApiPropertyOptional({ default: 0, minimum: -100, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(-100)
  @Max(100)
  priority?: number;

  @ApiPropertyOptional({ description: 'Quality profile id (GET /api/quality-profiles); default: the list\'s profile, else the default profile', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  profile?: SoulseekProfileId;
}

export class CreateDownloadsResponseDto implements CreateDownloadsResponse {
  @ApiProperty() created!: number;
  @ApiProperty() existing!: number;
  @ApiProperty() excluded!: number;
  @ApiProperty({ type: [DownloadDto] }) items!: DownloadDto[];
}

export class DownloadActionParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @ApiProperty({ enum: DOWNLOAD_ACTIONS })
  @IsIn(DOWNLOAD_ACTIONS, { message: `action must be one of ${DOWNLOAD_ACTIONS.join(', ')}` })
  action!: DownloadAction;
}

export class DownloadActionBodyDto {
  @ApiPropertyOptional({ description: 'For prioritize (default: above every open download)', minimum: -100, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(-100)
  @Max(100)
  priority?: number;
}

export class DownloadBatchDto implements DownloadBatchRequest {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5_000)
  @IsUUID('all', { each: true })
  ids!: string[];

  @ApiProperty({ enum: DOWNLOAD_ACTIONS })
  @IsIn(DOWNLOAD_ACTIONS, { message: `action must be one of ${DOWNLOAD_ACTIONS.join(', ')}` })
  action!: DownloadAction;

  @ApiPropertyOptional({ minimum: -100, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(-100)
  @Max(100)
  priority?: number;
}

export class DownloadBatchSkippedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reason!: string;
}

export class DownloadBatchResponseDto implements DownloadBatchResponse {
  @ApiProperty() updated!: number;
  @ApiProperty({ type: [DownloadBatchSkippedDto] }) skipped!: DownloadBatchSkippedDto[];
}

export class ReorderDownloadDto implements ReorderDownloadRequest {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  beforeId?: string;

  @ApiPropertyOptional({ enum: ['top', 'bottom'] })
  @IsOptional()
  @IsIn(['top', 'bottom'])
  to?: 'top' | 'bottom';
}

export class DownloadQueueSlskdDto {
  @ApiProperty({ enum: ['closed', 'open', 'unconfigured'] }) circuit!: 'closed' | 'open' | 'unconfigured';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) retryAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}

export class DownloadTodayDto {
  @ApiProperty() done!: number;
  @ApiProperty() failed!: number;
}

export class DownloadLimitsDto {
  @ApiProperty() maxActive!: number;
  @ApiProperty() maxPerUser!: number;
}

export class DownloadQueueStatusDto implements DownloadQueueStatus {
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: DownloadQueueSlskdDto }) slskd!: DownloadQueueSlskdDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { wanted: 3, queued: 1, downloading: 2 } }) counts!: Record<DownloadState, number>;
  @ApiProperty({ type: DownloadTodayDto }) today!: DownloadTodayDto;
  @ApiProperty({ description: 'Bytes per second of running transfers' }) speed!: number;
  @ApiProperty({ type: DownloadLimitsDto }) limits!: DownloadLimitsDto;
}

export class ClearFinishedResponseDto {
  @ApiProperty() removed!: number;
}

export class DownloadSettingsDto implements DownloadSettings {
  @ApiProperty({ example: 4 }) maxActive!: number;
  @ApiProperty({ example: 2 }) maxPerUser!: number;
  @ApiProperty({ example: 6 }) maxSearching!: number;
  @ApiProperty({ example: 8 }) maxAttempts!: number;
  @ApiProperty({ example: 180 }) enqueueTimeoutSeconds!: number;
  @ApiProperty({ example: 30 }) remoteQueueTimeoutMinutes!: number;
  @ApiProperty({ example: 120 }) stallTimeoutSeconds!: number;
  @ApiProperty({ example: 120 }) maxAttemptMinutes!: number;
  @ApiProperty({ example: 30 }) retryBaseSeconds!: number;
  @ApiProperty({ example: 5 }) autoBlockAfterFailures!: number;
  @ApiProperty({ example: 30 }) autoBlockDays!: number;
  @ApiProperty({ example: true }) verifyDecode!: boolean;
}

const int = (min: number, max: number) => [IsOptional(), IsInt(), Min(min), Max(max)];
const apply = (...decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

export class UpdateDownloadSettingsDto implements UpdateDownloadSettingsRequest {
  @ApiPropertyOptional({ minimum: 1, maximum: 50 }) @apply(...int(1, 50)) maxActive?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 20 }) @apply(...int(1, 20)) maxPerUser?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 50 }) @apply(...int(1, 50)) maxSearching?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 50 }) @apply(...int(1, 50)) maxAttempts?: number;
  @ApiPropertyOptional({ minimum: 10, maximum: 3600 }) @apply(...int(10, 3600)) enqueueTimeoutSeconds?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 7 * 24 * 60 }) @apply(...int(1, 7 * 24 * 60)) remoteQueueTimeoutMinutes?: number;
  @ApiPropertyOptional({ minimum: 10, maximum: 3600 }) @apply(...int(10, 3600)) stallTimeoutSeconds?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 7 * 24 * 60 }) @apply(...int(1, 7 * 24 * 60)) maxAttemptMinutes?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 3600 }) @apply(...int(1, 3600)) retryBaseSeconds?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: '0: never' }) @apply(...int(0, 100)) autoBlockAfterFailures?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 3650, description: '0: never expire' }) @apply(...int(0, 3650)) autoBlockDays?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  verifyDecode?: boolean;
}
