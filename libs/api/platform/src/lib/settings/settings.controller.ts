import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GeneralSettingsDto, UpdateGeneralSettingsDto } from './dto/general-settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('general')
  @ApiOperation({ operationId: 'getGeneralSettings', summary: 'General runtime settings' })
  @ApiOkResponse({ type: GeneralSettingsDto })
  getGeneral(): Promise<GeneralSettingsDto> {
    return this.settings.getGeneral();
  }

  @Patch('general')
  @ApiOperation({ operationId: 'updateGeneralSettings', summary: 'Change general settings (only the fields sent)' })
  @ApiOkResponse({ type: GeneralSettingsDto })
  @ApiBadRequestResponse({ description: 'Invalid values; see errors[]' })
  updateGeneral(@Body() dto: UpdateGeneralSettingsDto): Promise<GeneralSettingsDto> {
    return this.settings.updateGeneral(dto);
  }
}
