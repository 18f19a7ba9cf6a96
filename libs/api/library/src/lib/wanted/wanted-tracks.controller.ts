import { Body, Controller, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UpdateWantedTrackDto, WantedTrackDto } from './dto/wanted-track.dto';
import { WantedTracksService } from './wanted-tracks.service';

@ApiTags('wanted-tracks')
@Controller('wanted-tracks')
export class WantedTracksController {
  constructor(private readonly wanted: WantedTracksService) {}

  @Patch(':id')
  @ApiOperation({ operationId: 'updateWantedTrack', summary: 'Exclude a recording from wanting (or want it again)' })
  @ApiOkResponse({ type: WantedTrackDto })
  @ApiNotFoundResponse()
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateWantedTrackDto): Promise<WantedTrackDto> {
    return this.wanted.setExcluded(id, dto.excluded);
  }
}
