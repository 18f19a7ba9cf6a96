import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import type { SlskdSettings, SlskdTestConnectionResponse, UpdateSlskdSettingsRequest } from '@soulspot/shared/contracts';

const ABSOLUTE_PATH = /^\/(?!.*(^|\/)\.\.(\/|$))[^\0]*$/;

export class SlskdSettingsDto implements SlskdSettings {
  @ApiProperty({ example: 'http://slskd:5030' }) url!: string;
  @ApiProperty() hasApiKey!: boolean;
  @ApiProperty({ example: '/app/downloads' }) downloadsPathRemote!: string;
  @ApiProperty({ example: '/downloads' }) downloadsPathLocal!: string;
  @ApiProperty() configured!: boolean;
  @ApiProperty({ example: 34 }) searchesPerWindow!: number;
  @ApiProperty({ example: 220 }) searchWindowSeconds!: number;
  @ApiProperty({ example: 2000 }) searchMinGapMs!: number;
  @ApiProperty({ example: 8000 }) searchTimeoutMs!: number;
}

export class UpdateSlskdSettingsDto implements UpdateSlskdSettingsRequest {
  @ApiProperty({ description: 'slskd root including any url_base', example: 'http://slskd:5030' })
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL such as http://slskd:5030' })
  url!: string;

  @ApiPropertyOptional({ description: 'Omit to keep the stored key; empty string clears it', writeOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  apiKey?: string;

  @ApiPropertyOptional({ description: "slskd's downloads folder as slskd sees it (absolute)" })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(ABSOLUTE_PATH, { message: 'downloadsPathRemote must be an absolute path without ".." segments' })
  downloadsPathRemote?: string;

  @ApiPropertyOptional({ description: "The same folder as SoulSpot sees it (absolute)" })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(ABSOLUTE_PATH, { message: 'downloadsPathLocal must be an absolute path without ".." segments' })
  downloadsPathLocal?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  searchesPerWindow?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 3600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  searchWindowSeconds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 60000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  searchMinGapMs?: number;

  @ApiPropertyOptional({ minimum: 100, maximum: 120000, description: "slskd's idle search timeout in ms" })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(120_000)
  searchTimeoutMs?: number;
}

export class SlskdTestConnectionDto implements SlskdTestConnectionResponse {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: String, nullable: true }) version!: string | null;
  @ApiProperty() loggedIn!: boolean;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ type: String, nullable: true }) state!: string | null;
  @ApiProperty({ type: String, nullable: true }) downloadsDir!: string | null;
  @ApiProperty() message!: string;
}
