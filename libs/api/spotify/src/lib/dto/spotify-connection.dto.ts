import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import type { SpotifyConnection, SpotifyConnectionStatus, SpotifyConnectResponse, UpdateSpotifySettingsRequest } from '@soulspot/shared/contracts';

export class SpotifyAccountDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
}

export class SpotifyConnectionDto implements SpotifyConnection {
  @ApiProperty() configured!: boolean;
  @ApiProperty({ type: String, nullable: true }) clientId!: string | null;
  @ApiProperty({ description: 'Register exactly this URI in the Spotify developer dashboard' }) redirectUri!: string;
  @ApiProperty() connected!: boolean;
  @ApiProperty({ type: SpotifyAccountDto, nullable: true }) account!: SpotifyAccountDto | null;
  @ApiProperty({ enum: ['connected', 'reconnect_required', 'not_connected'] }) status!: SpotifyConnectionStatus;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) pausedUntil!: string | null;
}

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class UpdateSpotifySettingsDto implements UpdateSpotifySettingsRequest {
  @ApiProperty({ description: 'Client id of your own Spotify app (32 hex characters)' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'clientId must be the 32-character client id from the Spotify dashboard' })
  clientId!: string;

  @ApiPropertyOptional({ default: 'https://accounts.spotify.com' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  accountsBaseUrl?: string;

  @ApiPropertyOptional({ default: 'https://api.spotify.com/v1' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  apiBaseUrl?: string;
}

export class SpotifyConnectResponseDto implements SpotifyConnectResponse {
  @ApiProperty() authorizeUrl!: string;
}

export class SpotifyCallbackQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) error?: string;
}
