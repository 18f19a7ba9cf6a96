import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AddFromSearchDto, AddFromSearchResponseDto, SpotifySearchQueryDto, SpotifySearchResponseDto } from './spotify-search.dto';
import { SpotifySearchService } from './spotify-search.service';

@ApiTags('spotify')
@Controller('spotify/search')
export class SpotifySearchController {
  constructor(private readonly search: SpotifySearchService) {}

  @Get()
  @ApiOperation({ operationId: 'searchSpotify', summary: 'Search Spotify tracks or albums, 10 per page, each marked when already wanted' })
  @ApiOkResponse({ type: SpotifySearchResponseDto })
  @ApiConflictResponse({ description: 'Spotify is not connected or needs to be reconnected' })
  find(@Query() q: SpotifySearchQueryDto): Promise<SpotifySearchResponseDto> {
    return this.search.search(q.q, q.type, q.page);
  }

  @Post('want')
  @HttpCode(200)
  @ApiOperation({ operationId: 'addFromSpotifySearch', summary: 'Want a track, or every track of an album, on the "Added from search" list (deduped)' })
  @ApiOkResponse({ type: AddFromSearchResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid kind or id' })
  @ApiNotFoundResponse({ description: 'Spotify does not know this id' })
  @ApiConflictResponse({ description: 'Spotify is not connected or needs to be reconnected' })
  want(@Body() body: AddFromSearchDto): Promise<AddFromSearchResponseDto> {
    return this.search.add(body);
  }
}
