import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { UpdateWantedTrackRequest, WantedTrack, WantedTrackState } from '@soulspot/shared/contracts';

export class WantedTrackDto implements WantedTrack {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) artists!: string[];
  @ApiProperty({ type: String, nullable: true }) album!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) isrc!: string | null;
  @ApiProperty({ type: String, nullable: true }) spotifyId!: string | null;
  @ApiProperty({ enum: ['wanted', 'excluded', 'in_library'] }) state!: WantedTrackState;
  @ApiProperty({ type: String, nullable: true, description: 'Absolute path of the library file (in_library)' }) libraryPath!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UpdateWantedTrackDto implements UpdateWantedTrackRequest {
  @ApiProperty({ description: 'true = never download this recording, whatever list names it' })
  @IsBoolean()
  excluded!: boolean;
}
