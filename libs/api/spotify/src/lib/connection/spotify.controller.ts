import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiFoundResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SpotifyCallbackQueryDto, SpotifyConnectionDto, SpotifyConnectResponseDto, UpdateSpotifySettingsDto } from '../dto/spotify-connection.dto';
import { SpotifyConnectionService } from './spotify-connection.service';

@ApiTags('spotify')
@Controller('spotify')
export class SpotifyController {
  constructor(private readonly connection: SpotifyConnectionService) {}

  @Get('connection')
  @ApiOperation({ operationId: 'getSpotifyConnection', summary: 'Client id, redirect URI to register, and the connected account' })
  @ApiOkResponse({ type: SpotifyConnectionDto })
  get(): Promise<SpotifyConnectionDto> {
    return this.connection.connection();
  }

  @Put('settings')
  @ApiOperation({ operationId: 'updateSpotifySettings', summary: 'Save the client id of your own Spotify app (and, for tests, the hosts)' })
  @ApiOkResponse({ type: SpotifyConnectionDto })
  updateSettings(@Body() dto: UpdateSpotifySettingsDto): Promise<SpotifyConnectionDto> {
    return this.connection.updateSettings(dto);
  }

  @Post('connect')
  @HttpCode(200)
  @ApiOperation({ operationId: 'startSpotifyConnect', summary: 'Start Authorization Code with PKCE: returns the Spotify URL to send the browser to' })
  @ApiOkResponse({ type: SpotifyConnectResponseDto })
  connect(): Promise<SpotifyConnectResponseDto> {
    return this.connection.startConnect();
  }

  /** Reached by the browser's top-level redirect from Spotify; the Lax session cookie comes along. */
  @Get('callback')
  @ApiOperation({ operationId: 'spotifyCallback', summary: 'OAuth callback: checks state, exchanges the code, redirects to /settings' })
  @ApiFoundResponse({ description: 'Redirect to /settings?spotify=connected or ?spotify=error&reason=...' })
  async callback(@Query() q: SpotifyCallbackQueryDto, @Res() res: Response): Promise<void> {
    res.redirect(302, await this.connection.finishConnect(q));
  }

  @Delete('connection')
  @HttpCode(204)
  @ApiOperation({ operationId: 'disconnectSpotify', summary: 'Forget the Spotify tokens' })
  @ApiNoContentResponse()
  @ApiConflictResponse()
  disconnect(): Promise<void> {
    return this.connection.disconnect();
  }
}
