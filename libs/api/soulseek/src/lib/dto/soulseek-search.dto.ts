import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  SOULSEEK_SEARCH_STATUSES,
  type CreateSoulseekSearchRequest,
  type Page,
  type SoulseekCandidate,
  type SoulseekProfileId,
  type SoulseekSearch,
  type SoulseekSearchBudget,
  type SoulseekSearchDetail,
  type SoulseekSearchStatus,
  type SoulseekSearchStep,
} from '@soulspot/shared/contracts';

export class CreateSoulseekSearchDto implements CreateSoulseekSearchRequest {
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

  @ApiPropertyOptional({ example: 'Glass Houses' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  album?: string;

  @ApiPropertyOptional({ description: 'Wanted length; without it the median length of the files found is used', example: 251000 })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(6 * 3600 * 1000)
  durationMs?: number;

  @ApiPropertyOptional({ description: 'Quality profile id (GET /api/quality-profiles); omitted: the default profile', example: 'lossless-preferred', maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  profile?: SoulseekProfileId;
}

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', default: 25, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 25;
}

export class CandidatePageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: true, description: 'true: accepted (ranked); false: rejected' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  accepted: boolean = true;
}

export class SoulseekSearchStepDto implements SoulseekSearchStep {
  @ApiProperty({ example: 'Q1' }) id!: string;
  @ApiProperty() query!: string;
  @ApiProperty() cached!: boolean;
  @ApiProperty() responses!: number;
  @ApiProperty() files!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() durationMs!: number;
}

export class SoulseekSearchDto implements SoulseekSearch {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SOULSEEK_SEARCH_STATUSES }) status!: SoulseekSearchStatus;
  @ApiProperty() artist!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) album!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ example: 'lossless-preferred', description: 'Quality profile id' }) profile!: SoulseekProfileId;
  @ApiProperty({ type: [SoulseekSearchStepDto] }) steps!: SoulseekSearchStepDto[];
  @ApiProperty() acceptedCount!: number;
  @ApiProperty() rejectedCount!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
}

export class SoulseekSearchPageDto implements Page<SoulseekSearch> {
  @ApiProperty({ type: [SoulseekSearchDto] }) items!: SoulseekSearchDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class SoulseekCandidateDto implements SoulseekCandidate {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() accepted!: boolean;
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
  @ApiProperty() username!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ type: Number, nullable: true }) lengthSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true }) bitRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) bitDepth!: number | null;
  @ApiProperty({ type: Number, nullable: true }) sampleRate!: number | null;
  @ApiProperty() uploadSpeed!: number;
  @ApiProperty() queueLength!: number;
  @ApiProperty() hasFreeUploadSlot!: boolean;
  @ApiProperty({ type: Number, nullable: true }) identity!: number | null;
  @ApiProperty({ type: Number, nullable: true }) quality!: number | null;
  @ApiProperty({ type: Number, nullable: true }) availability!: number | null;
  @ApiProperty({ type: Number, nullable: true }) band!: number | null;
  @ApiProperty({ type: Number, nullable: true }) qualityTier!: number | null;
  @ApiProperty({ type: Number, nullable: true }) availClass!: number | null;
  @ApiProperty({ type: Number, nullable: true }) etaSeconds!: number | null;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({ type: String, nullable: true }) rejectReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) rejectDetail!: string | null;
}

export class SoulseekCandidatePageDto implements Page<SoulseekCandidate> {
  @ApiProperty({ type: [SoulseekCandidateDto] }) items!: SoulseekCandidateDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class SoulseekSearchDetailDto extends SoulseekSearchDto implements SoulseekSearchDetail {
  @ApiProperty({ type: SoulseekCandidatePageDto }) accepted!: SoulseekCandidatePageDto;
  @ApiProperty({ type: SoulseekCandidatePageDto }) rejected!: SoulseekCandidatePageDto;
}

export class SoulseekSearchBudgetDto implements SoulseekSearchBudget {
  @ApiProperty() capacity!: number;
  @ApiProperty() windowSeconds!: number;
  @ApiProperty() minGapMs!: number;
  @ApiProperty() available!: number;
  @ApiProperty({ format: 'date-time' }) nextSlotAt!: string;
  @ApiProperty() queuedSearches!: number;
  @ApiProperty() etaSeconds!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) blockedUntil!: string | null;
}
