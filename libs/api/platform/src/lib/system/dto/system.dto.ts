import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { HealthCheck, JobState, LivenessResponse, Page, QueueCounts, QueueJobSummary, ReadinessResponse, SelfCheckRun, SelfCheckStep, SystemInfo } from '@soulspot/shared/contracts';

const JOB_STATES: JobState[] = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused', 'prioritized'];

export class LivenessDto implements LivenessResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class HealthCheckDto implements HealthCheck {
  @ApiProperty({ enum: ['database', 'redis', 'worker'] })
  name!: HealthCheck['name'];
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: HealthCheck['status'];
  @ApiPropertyOptional()
  detail?: string;
  @ApiPropertyOptional()
  latencyMs?: number;
}

export class ReadinessDto implements ReadinessResponse {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: ReadinessResponse['status'];
  @ApiProperty({ type: [HealthCheckDto] })
  checks!: HealthCheckDto[];
}

export class QueueCountsDto implements QueueCounts {
  @ApiProperty() name!: string;
  @ApiProperty() paused!: boolean;
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() completed!: number;
}

export class WorkerStatusDto {
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastHeartbeatAt!: string | null;
  @ApiProperty() alive!: boolean;
  @ApiProperty({ type: Number, nullable: true }) pid!: number | null;
  @ApiProperty({ type: String, nullable: true }) version!: string | null;
}

export class SystemInfoDto implements SystemInfo {
  @ApiProperty() version!: string;
  @ApiProperty() nodeVersion!: string;
  @ApiProperty({ type: String, nullable: true }) postgresVersion!: string | null;
  @ApiProperty({ type: String, nullable: true }) redisVersion!: string | null;
  @ApiProperty({ enum: ['embedded', 'external'] }) databaseMode!: 'embedded' | 'external';
  @ApiProperty() uptimeSeconds!: number;
  @ApiProperty({ type: WorkerStatusDto }) worker!: WorkerStatusDto;
  @ApiProperty({ type: [QueueCountsDto] }) queues!: QueueCountsDto[];
}

export class QueueJobSummaryDto implements QueueJobSummary {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: [...JOB_STATES, 'unknown'] }) state!: JobState | 'unknown';
  @ApiProperty() attemptsMade!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) processedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) failedReason!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class QueueJobPageDto implements Page<QueueJobSummary> {
  @ApiProperty({ type: [QueueJobSummaryDto] }) items!: QueueJobSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ListJobsQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATES, default: 'failed' })
  @IsOptional()
  @IsIn(JOB_STATES)
  state: JobState = 'failed';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 20;
}

export class SelfCheckStepDto implements SelfCheckStep {
  @ApiProperty() name!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty() detail!: string;
  @ApiProperty() durationMs!: number;
}

export class SelfCheckRunDto implements SelfCheckRun {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'passed', 'failed'] }) status!: SelfCheckRun['status'];
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty({ type: [SelfCheckStepDto] }) steps!: SelfCheckStepDto[];
}
