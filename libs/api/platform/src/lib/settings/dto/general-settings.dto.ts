import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { GeneralSettings, LogLevel, UpdateGeneralSettingsRequest } from '@soulspot/shared/contracts';

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export class GeneralSettingsDto implements GeneralSettings {
  @ApiProperty({ example: 'SoulSpot' })
  instanceName!: string;

  @ApiProperty({ enum: LOG_LEVELS })
  logLevel!: LogLevel;

  @ApiProperty({ description: 'Absolute path of the music library root', example: '/music' })
  libraryPath!: string;
}

export class UpdateGeneralSettingsDto implements UpdateGeneralSettingsRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 60 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  instanceName?: string;

  @ApiPropertyOptional({ enum: LOG_LEVELS })
  @IsOptional()
  @IsIn(LOG_LEVELS)
  logLevel?: LogLevel;

  @ApiPropertyOptional({ description: 'Absolute path of the music library root' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^\/(?!.*(^|\/)\.\.(\/|$))[^\0]*$/, { message: 'libraryPath must be an absolute path without ".." segments' })
  libraryPath?: string;
}
