import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JobQueue } from '@soulspot/api/core';
import { ListJobsQueryDto, QueueCountsDto, QueueJobPageDto, SelfCheckRunDto, SystemInfoDto } from './dto/system.dto';
import { SelfCheckService } from './self-check.service';
import { SystemService } from './system.service';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(
    private readonly system: SystemService,
    private readonly jobs: JobQueue,
    private readonly selfCheck: SelfCheckService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getSystemInfo', summary: 'Versions, worker heartbeat and queue counts' })
  @ApiOkResponse({ type: SystemInfoDto })
  info(): Promise<SystemInfoDto> {
    return this.system.info();
  }

  @Get('queues')
  @ApiOperation({ operationId: 'listQueues', summary: 'Job counts per queue' })
  @ApiOkResponse({ type: [QueueCountsDto] })
  queues(): Promise<QueueCountsDto[]> {
    return this.jobs.counts();
  }

  @Get('queues/:name/jobs')
  @ApiOperation({ operationId: 'listQueueJobs', summary: 'Jobs of one queue in one state, paginated' })
  @ApiOkResponse({ type: QueueJobPageDto })
  @ApiNotFoundResponse({ description: 'Unknown queue' })
  jobsOf(@Param('name') name: string, @Query() q: ListJobsQueryDto): Promise<QueueJobPageDto> {
    return this.jobs.listJobs(name, q.state, q.page, q.pageSize);
  }

  @Post('queues/:name/jobs/:id/retry')
  @HttpCode(204)
  @ApiOperation({ operationId: 'retryQueueJob', summary: 'Retry a failed job' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  retry(@Param('name') name: string, @Param('id') id: string): Promise<void> {
    return this.jobs.retry(name, id);
  }

  @Delete('queues/:name/jobs/:id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeQueueJob', summary: 'Remove a job' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@Param('name') name: string, @Param('id') id: string): Promise<void> {
    return this.jobs.remove(name, id);
  }

  @Post('queues/:name/pause')
  @HttpCode(204)
  @ApiOperation({ operationId: 'pauseQueue', summary: 'Stop starting new jobs of a queue' })
  @ApiNoContentResponse()
  pause(@Param('name') name: string): Promise<void> {
    return this.jobs.pause(name);
  }

  @Post('queues/:name/resume')
  @HttpCode(204)
  @ApiOperation({ operationId: 'resumeQueue', summary: 'Resume a paused queue' })
  @ApiNoContentResponse()
  resume(@Param('name') name: string): Promise<void> {
    return this.jobs.resume(name);
  }

  @Post('self-check')
  @HttpCode(202)
  @ApiOperation({ operationId: 'requestSelfCheck', summary: 'Queue a self-check; progress arrives on /api/events' })
  @ApiAcceptedResponse({ type: SelfCheckRunDto })
  requestSelfCheck(): Promise<SelfCheckRunDto> {
    return this.selfCheck.request();
  }

  @Get('self-check')
  @ApiOperation({ operationId: 'listSelfChecks', summary: 'The latest self-check runs, newest first' })
  @ApiOkResponse({ type: [SelfCheckRunDto] })
  listSelfChecks(): Promise<SelfCheckRunDto[]> {
    return this.selfCheck.latest();
  }
}
