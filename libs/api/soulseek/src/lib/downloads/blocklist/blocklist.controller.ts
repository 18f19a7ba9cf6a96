import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../../dto/soulseek-search.dto';
import { BlocklistService } from './blocklist.service';
import { BlocklistEntryDto, BlocklistPageDto, CreateBlocklistEntryDto } from './dto/blocklist.dto';

@ApiTags('downloads')
@Controller('blocklist')
export class BlocklistController {
  constructor(private readonly blocklist: BlocklistService) {}

  @Get()
  @ApiOperation({ operationId: 'listBlocklist', summary: 'Users, files and user+file pairs the download engine skips (entries in force, newest first)' })
  @ApiOkResponse({ type: BlocklistPageDto })
  list(@Query() q: PageQueryDto): Promise<BlocklistPageDto> {
    return this.blocklist.list(q.page, q.pageSize);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'createBlocklistEntry', summary: 'Block a user, a file name or one user\'s file; a repeat refreshes the entry' })
  @ApiCreatedResponse({ type: BlocklistEntryDto })
  @ApiBadRequestResponse({ description: 'username/filename missing for the kind' })
  create(@Body() body: CreateBlocklistEntryDto): Promise<BlocklistEntryDto> {
    return this.blocklist.create(body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteBlocklistEntry', summary: 'Unblock' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.blocklist.remove(id);
  }
}
