import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateQualityProfileDto, QualityProfileDto, UpdateQualityProfileDto } from './dto/quality-profile.dto';
import { QualityProfilesService } from './quality-profiles.service';

@ApiTags('soulseek')
@Controller('quality-profiles')
export class QualityProfilesController {
  constructor(private readonly profiles: QualityProfilesService) {}

  @Get()
  @ApiOperation({ operationId: 'listQualityProfiles', summary: 'Built-in (read-only) and user-defined quality profiles; one is the default' })
  @ApiOkResponse({ type: [QualityProfileDto] })
  list(): Promise<QualityProfileDto[]> {
    return this.profiles.list();
  }

  @Post()
  @ApiOperation({ operationId: 'createQualityProfile', summary: 'Define a quality profile: allowed formats in order of preference, limits, words and users' })
  @ApiCreatedResponse({ type: QualityProfileDto })
  @ApiBadRequestResponse({ description: 'invalid fields, min above max, or a name already taken' })
  create(@Body() body: CreateQualityProfileDto): Promise<QualityProfileDto> {
    return this.profiles.create(body);
  }

  @Put(':id')
  @ApiOperation({ operationId: 'updateQualityProfile', summary: 'Replace a user-defined quality profile' })
  @ApiOkResponse({ type: QualityProfileDto })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'built-in profiles are read-only' })
  update(@Param('id') id: string, @Body() body: UpdateQualityProfileDto): Promise<QualityProfileDto> {
    return this.profiles.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteQualityProfile', summary: 'Delete a user-defined quality profile (not the default one)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'built-in, or the current default (make another profile the default first)' })
  remove(@Param('id') id: string): Promise<void> {
    return this.profiles.remove(id);
  }

  @Post(':id/default')
  @HttpCode(200)
  @ApiOperation({ operationId: 'setDefaultQualityProfile', summary: 'Make a profile the default for searches and downloads that name none' })
  @ApiOkResponse({ type: QualityProfileDto })
  @ApiNotFoundResponse()
  setDefault(@Param('id') id: string): Promise<QualityProfileDto> {
    return this.profiles.setDefault(id);
  }
}
