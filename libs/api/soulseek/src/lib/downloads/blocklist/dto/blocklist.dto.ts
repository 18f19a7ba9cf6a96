import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { BLOCKLIST_KINDS, type BlocklistEntry, type BlocklistKind, type CreateBlocklistEntryRequest, type Page } from '@soulspot/shared/contracts';

const needsUser = (o: CreateBlocklistEntryDto) => o.kind === 'user' || o.kind === 'user_file' || o.username !== undefined;
const needsFile = (o: CreateBlocklistEntryDto) => o.kind === 'file' || o.kind === 'user_file' || o.filename !== undefined;

export class CreateBlocklistEntryDto implements CreateBlocklistEntryRequest {
  @ApiProperty({ enum: BLOCKLIST_KINDS, description: 'user: a peer; file: a file name on any peer; user_file: one peer\'s file' })
  @IsIn(BLOCKLIST_KINDS)
  kind!: BlocklistKind;

  @ApiPropertyOptional({ description: 'Required for user and user_file', example: 'some peer' })
  @ValidateIf(needsUser)
  @IsString()
  @IsNotEmpty({ message: 'username is required for kind user and user_file' })
  @MaxLength(200)
  username?: string;

  @ApiPropertyOptional({ description: 'Required for file (bare name, matched case-insensitively on any peer) and user_file (remote path)', example: '@@share\\Music\\Artist\\01 - Song.flac' })
  @ValidateIf(needsFile)
  @IsString()
  @IsNotEmpty({ message: 'filename is required for kind file and user_file' })
  @MaxLength(2000)
  filename?: string;

  @ApiPropertyOptional({ example: 'sends transcodes' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ description: 'Omit for a permanent entry', minimum: 1, maximum: 3650 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class BlocklistEntryDto implements BlocklistEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: BLOCKLIST_KINDS }) kind!: BlocklistKind;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ type: String, nullable: true }) filename!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ enum: ['auto', 'manual'] }) source!: 'auto' | 'manual';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class BlocklistPageDto implements Page<BlocklistEntry> {
  @ApiProperty({ type: [BlocklistEntryDto] }) items!: BlocklistEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
