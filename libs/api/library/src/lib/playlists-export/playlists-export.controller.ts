import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ExportM3u8ResponseDto } from './dto/export-m3u8.dto';
import { PlaylistExportService } from './playlist-export.service';

@ApiTags('sources')
@Controller('sources')
export class PlaylistsExportController {
  constructor(private readonly exports: PlaylistExportService) {}

  @Post(':id/export-m3u8')
  @HttpCode(200)
  @ApiOperation({ operationId: 'exportSourcePlaylist', summary: "Write the list's M3U8 into <library>/Playlists (tracks in the library, list order); it is kept current as files arrive" })
  @ApiOkResponse({ type: ExportM3u8ResponseDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The library folder cannot be written (message says why)' })
  export(@Param('id', ParseUUIDPipe) id: string): Promise<ExportM3u8ResponseDto> {
    return this.exports.exportSource(id);
  }
}
