import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { SlskdSettingsDto, SlskdTestConnectionDto, UpdateSlskdSettingsDto } from './dto/slskd-settings.dto';
import {
  CandidatePageQueryDto,
  CreateSoulseekSearchDto,
  PageQueryDto,
  SoulseekCandidatePageDto,
  SoulseekSearchBudgetDto,
  SoulseekSearchDetailDto,
  SoulseekSearchDto,
  SoulseekSearchPageDto,
} from './dto/soulseek-search.dto';
import { SlskdSettingsService } from './settings/slskd-settings.service';
import { SoulseekSearchService } from './soulseek-search.service';

@ApiTags('soulseek')
@Controller('settings/slskd')
export class SlskdSettingsController {
  constructor(private readonly settings: SlskdSettingsService) {}

  @Get()
  @ApiOperation({ operationId: 'getSlskdSettings', summary: 'slskd connection, folder mapping and search budget (the API key is never returned)' })
  @ApiOkResponse({ type: SlskdSettingsDto })
  get(): Promise<SlskdSettingsDto> {
    return this.settings.get();
  }

  @Put()
  @ApiOperation({ operationId: 'updateSlskdSettings', summary: 'Save the slskd connection; the API key is encrypted at rest' })
  @ApiOkResponse({ type: SlskdSettingsDto })
  update(@Body() body: UpdateSlskdSettingsDto): Promise<SlskdSettingsDto> {
    return this.settings.update(body);
  }
}

@ApiTags('soulseek')
@Controller('soulseek')
export class SoulseekController {
  constructor(private readonly searches: SoulseekSearchService) {}

  @Post('test-connection')
  @HttpCode(200)
  @ApiOperation({ operationId: 'testSlskdConnection', summary: 'Check the saved slskd connection: version, Soulseek login, downloads folder' })
  @ApiOkResponse({ type: SlskdTestConnectionDto })
  @ApiUnprocessableEntityResponse({ description: 'slskd rejected the API key' })
  @ApiServiceUnavailableResponse({ description: 'slskd is not configured or unreachable' })
  testConnection(): Promise<SlskdTestConnectionDto> {
    return this.searches.testConnection();
  }

  @Get('search-budget')
  @ApiOperation({ operationId: 'getSoulseekSearchBudget', summary: 'Search budget left, next slot and ETA of the queued searches' })
  @ApiOkResponse({ type: SoulseekSearchBudgetDto })
  budget(): Promise<SoulseekSearchBudgetDto> {
    return this.searches.budget();
  }

  @Post('searches')
  @HttpCode(202)
  @ApiOperation({ operationId: 'createSoulseekSearch', summary: 'Queue an interactive search; progress arrives as soulseek.search.updated events' })
  @ApiAcceptedResponse({ type: SoulseekSearchDto })
  @ApiServiceUnavailableResponse({ description: 'slskd is not configured' })
  @ApiBadRequestResponse({ description: 'invalid fields or an unknown quality profile' })
  create(@Body() body: CreateSoulseekSearchDto): Promise<SoulseekSearchDto> {
    return this.searches.create(body, { rejectUnknownProfile: true });
  }

  @Get('searches')
  @ApiOperation({ operationId: 'listSoulseekSearches', summary: 'Recent searches, newest first' })
  @ApiOkResponse({ type: SoulseekSearchPageDto })
  list(@Query() q: PageQueryDto): Promise<SoulseekSearchPageDto> {
    return this.searches.list(q.page, q.pageSize);
  }

  @Get('searches/:id')
  @ApiOperation({ operationId: 'getSoulseekSearch', summary: 'A search with the first page of accepted and rejected candidates' })
  @ApiOkResponse({ type: SoulseekSearchDetailDto })
  @ApiNotFoundResponse()
  detail(@Param('id', ParseUUIDPipe) id: string): Promise<SoulseekSearchDetailDto> {
    return this.searches.detail(id);
  }

  @Get('searches/:id/candidates')
  @ApiOperation({ operationId: 'listSoulseekSearchCandidates', summary: 'Accepted (ranked) or rejected candidates of a search, paginated' })
  @ApiOkResponse({ type: SoulseekCandidatePageDto })
  candidates(@Param('id', ParseUUIDPipe) id: string, @Query() q: CandidatePageQueryDto): Promise<SoulseekCandidatePageDto> {
    return this.searches.candidates(id, q.accepted, q.page, q.pageSize);
  }
}
