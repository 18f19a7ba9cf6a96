import { ApiProperty } from '@nestjs/swagger';
import type { ExportM3u8Response } from '@soulspot/shared/contracts';

export class ExportM3u8ResponseDto implements ExportM3u8Response {
  @ApiProperty({ description: 'Absolute path of the written playlist' }) path!: string;
  @ApiProperty({ description: 'Entries of the list' }) total!: number;
  @ApiProperty({ description: 'Tracks written (in the library)' }) written!: number;
  @ApiProperty({ description: 'Entries left out: not in the library yet' }) missing!: number;
}
