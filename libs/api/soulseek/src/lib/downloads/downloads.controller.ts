import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DownloadSettingsService } from './download-settings.service';
import { DownloadsService } from './downloads.service';
import {
  ClearFinishedQueryDto,
  ClearFinishedResponseDto,
  CreateDownloadsDto,
  CreateDownloadsResponseDto,
  DownloadActionBodyDto,
  DownloadActionParamsDto,
  DownloadBatchDto,
  DownloadBatchResponseDto,
  DownloadDetailDto,
  DownloadDto,
  DownloadListQueryDto,
  DownloadPageDto,
  DownloadQueueStatusDto,
  DownloadSettingsDto,
  ReorderDownloadDto,
  UpdateDownloadSettingsDto,
} from './dto/downloads.dto';

@ApiTags('downloads')
@Controller('downloads')
export class DownloadsController {
  constructor(private readonly downloads: DownloadsService) {}

  @Get()
  @ApiOperation({ operationId: 'listDownloads', summary: 'Downloads: unfinished by priority and queue position, then history (finished only: newest first)' })
  @ApiOkResponse({ type: DownloadPageDto })
  @ApiBadRequestResponse()
  list(@Query() q: DownloadListQueryDto): Promise<DownloadPageDto> {
    return this.downloads.list(q.state, q.q, q.page, q.pageSize);
  }

  @Get('status')
  @ApiOperation({ operationId: 'getDownloadQueueStatus', summary: 'Queue counts, today, speed, limits, pause and the slskd circuit' })
  @ApiOkResponse({ type: DownloadQueueStatusDto })
  status(): Promise<DownloadQueueStatusDto> {
    return this.downloads.status();
  }

  @Post()
  @ApiOperation({ operationId: 'createDownloads', summary: 'Queue downloads: wanted tracks, every missing track of a list, an ad-hoc track or a chosen search result' })
  @ApiCreatedResponse({ type: CreateDownloadsResponseDto })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse({ description: 'wanted track, list, search or candidate not found' })
  create(@Body() body: CreateDownloadsDto): Promise<CreateDownloadsResponseDto> {
    return this.downloads.create(body);
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({ operationId: 'batchDownloads', summary: 'Apply one action to many downloads; items it does not apply to are listed with the reason' })
  @ApiOkResponse({ type: DownloadBatchResponseDto })
  @ApiBadRequestResponse()
  batch(@Body() body: DownloadBatchDto): Promise<DownloadBatchResponseDto> {
    return this.downloads.batch(body);
  }

  @Post('queue/pause')
  @HttpCode(200)
  @ApiOperation({ operationId: 'pauseDownloadQueue', summary: 'Pause the whole queue: nothing new starts, running transfers finish' })
  @ApiOkResponse({ type: DownloadQueueStatusDto })
  pauseQueue(): Promise<DownloadQueueStatusDto> {
    return this.downloads.pauseQueue(true);
  }

  @Post('queue/resume')
  @HttpCode(200)
  @ApiOperation({ operationId: 'resumeDownloadQueue', summary: 'Resume the whole queue' })
  @ApiOkResponse({ type: DownloadQueueStatusDto })
  resumeQueue(): Promise<DownloadQueueStatusDto> {
    return this.downloads.pauseQueue(false);
  }

  @Post('clear-finished')
  @HttpCode(200)
  @ApiOperation({ operationId: 'clearFinishedDownloads', summary: 'Delete finished downloads from the history (default: done, failed and cancelled)' })
  @ApiOkResponse({ type: ClearFinishedResponseDto })
  @ApiBadRequestResponse()
  clearFinished(@Query() q: ClearFinishedQueryDto): Promise<ClearFinishedResponseDto> {
    return this.downloads.clearFinished(q.state);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getDownload', summary: 'A download with every candidate attempt, newest first' })
  @ApiOkResponse({ type: DownloadDetailDto })
  @ApiNotFoundResponse()
  detail(@Param('id', ParseUUIDPipe) id: string): Promise<DownloadDetailDto> {
    return this.downloads.detail(id);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiOperation({ operationId: 'downloadAction', summary: 'pause, resume, cancel, retry, remove (204) or prioritize one download' })
  @ApiOkResponse({ type: DownloadDto })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the action does not apply in the current state' })
  async action(@Param() params: DownloadActionParamsDto, @Body() body: DownloadActionBodyDto, @Res({ passthrough: true }) res: Response): Promise<DownloadDto | undefined> {
    const out = await this.downloads.action(params.id, params.action, body?.priority);
    if (out === null) {
      res.status(204);
      return undefined;
    }
    return out;
  }

  @Post(':id/reorder')
  @HttpCode(200)
  @ApiOperation({ operationId: 'reorderDownload', summary: 'Move a download before another one, or to the top/bottom of its priority' })
  @ApiOkResponse({ type: DownloadDto })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse()
  reorder(@Param('id', ParseUUIDPipe) id: string, @Body() body: ReorderDownloadDto): Promise<DownloadDto> {
    return this.downloads.reorder(id, body);
  }
}

@ApiTags('downloads')
@Controller('settings/downloads')
export class DownloadSettingsController {
  constructor(private readonly settings: DownloadSettingsService) {}

  @Get()
  @ApiOperation({ operationId: 'getDownloadSettings', summary: 'Limits, timers and back-off of the download engine' })
  @ApiOkResponse({ type: DownloadSettingsDto })
  get(): Promise<DownloadSettingsDto> {
    return this.settings.get();
  }

  @Put()
  @ApiOperation({ operationId: 'updateDownloadSettings', summary: 'Change download settings (omitted fields keep their value)' })
  @ApiOkResponse({ type: DownloadSettingsDto })
  @ApiBadRequestResponse()
  update(@Body() body: UpdateDownloadSettingsDto): Promise<DownloadSettingsDto> {
    return this.settings.update(body);
  }
}
