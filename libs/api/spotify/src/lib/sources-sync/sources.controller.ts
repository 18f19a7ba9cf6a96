import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import {
  CreateListSourceDto,
  DiscoverSpotifyListsResponseDto,
  ImportListDto,
  ImportListQueryDto,
  ImportListResponseDto,
  ListSourceDto,
  ListSourceTrackPageDto,
  ListSourceTracksQueryDto,
  UpdateListSourceDto,
} from '../dto/sources.dto';
import { SourcesService } from './sources.service';

@ApiTags('sources')
@Controller('sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @ApiOperation({ operationId: 'listSources', summary: 'Every list source with counts and its last sync' })
  @ApiOkResponse({ type: [ListSourceDto] })
  list(): Promise<ListSourceDto[]> {
    return this.sources.list();
  }

  @Post('spotify/discover')
  @HttpCode(200)
  @ApiOperation({ operationId: 'discoverSpotifyLists', summary: "The user's Spotify playlists and library lists, with what can be synced" })
  @ApiOkResponse({ type: DiscoverSpotifyListsResponseDto })
  @ApiConflictResponse({ description: 'Spotify is not connected' })
  discover(): Promise<DiscoverSpotifyListsResponseDto> {
    return this.sources.discover();
  }

  @Post()
  @ApiOperation({ operationId: 'createSource', summary: 'Add a Spotify list; its first sync is queued' })
  @ApiCreatedResponse({ type: ListSourceDto })
  @ApiConflictResponse({ description: 'Already added' })
  create(@Body() dto: CreateListSourceDto): Promise<ListSourceDto> {
    return this.sources.create(dto);
  }

  @Post('import')
  @ApiOperation({ operationId: 'importSourceList', summary: 'Import a CSV (Exportify or artist,title[,album,duration]), text (Artist - Title) or M3U list' })
  @ApiExtraModels(ImportListDto)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(ImportListDto) }, { type: 'string', description: 'The raw file as text/plain or text/csv; fileName/name in the query' }] },
  })
  @ApiCreatedResponse({ type: ImportListResponseDto })
  @ApiBadRequestResponse({ description: 'Empty or unreadable list; errors[] lists the lines' })
  importList(@Req() req: Request, @Query() q: ImportListQueryDto): Promise<ImportListResponseDto> {
    // Read from the request: the body is either raw text or JSON, which no single DTO describes.
    const body: unknown = req.body;
    if (typeof body === 'string') return this.sources.importList({ content: body, fileName: q.fileName, name: q.name });
    const b = body as Partial<ImportListDto> | undefined;
    if (!b || typeof b.content !== 'string') throw new BadRequestException('Send the list as a text body or as JSON { fileName, content }');
    const str = (v: unknown) => (typeof v === 'string' && v.length <= 300 ? v : undefined);
    return this.sources.importList({ content: b.content, fileName: str(b.fileName) ?? q.fileName, name: str(b.name) ?? q.name });
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getSource', summary: 'One list source with counts' })
  @ApiOkResponse({ type: ListSourceDto })
  @ApiNotFoundResponse()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ListSourceDto> {
    return this.sources.get(id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateSource', summary: 'Sync on/off, interval, exclude the whole list, rename' })
  @ApiOkResponse({ type: ListSourceDto })
  @ApiNotFoundResponse()
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateListSourceDto): Promise<ListSourceDto> {
    return this.sources.update(id, dto);
  }

  @Post(':id/sync')
  @HttpCode(202)
  @ApiOperation({ operationId: 'syncSource', summary: 'Queue a sync now; progress arrives as source.sync.updated events' })
  @ApiAcceptedResponse({ type: ListSourceDto })
  @ApiNotFoundResponse()
  sync(@Param('id', ParseUUIDPipe) id: string): Promise<ListSourceDto> {
    return this.sources.requestSync(id);
  }

  @Get(':id/tracks')
  @ApiOperation({ operationId: 'listSourceTracks', summary: "A list's tracks in list order with each track's state" })
  @ApiOkResponse({ type: ListSourceTrackPageDto })
  @ApiNotFoundResponse()
  tracks(@Param('id', ParseUUIDPipe) id: string, @Query() q: ListSourceTracksQueryDto): Promise<ListSourceTrackPageDto> {
    return this.sources.tracks(id, q.page, q.pageSize, q.includeRemoved);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteSource', summary: 'Remove a list (wanted tracks and files stay)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.sources.remove(id);
  }
}
