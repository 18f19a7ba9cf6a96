import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateImportDto,
  ImportPageDto,
  ImportRecordDto,
  ImportSettingsDto,
  ListImportsQueryDto,
  NamingPreviewRequestDto,
  NamingPreviewResponseDto,
  UpdateImportSettingsDto,
} from './dto/import.dto';
import { ImportSettingsService } from './import-settings.service';
import { ImportsService } from './imports.service';

@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly settings: ImportSettingsService,
  ) {}

  @Post('imports')
  @HttpCode(202)
  @ApiOperation({ operationId: 'createImport', summary: 'Import one audio file into the library (runs in the worker)' })
  @ApiAcceptedResponse({ type: ImportRecordDto })
  @ApiBadRequestResponse({ description: 'Invalid path or hints' })
  create(@Body() dto: CreateImportDto): Promise<ImportRecordDto> {
    return this.imports.create(dto);
  }

  @Get('imports')
  @ApiOperation({ operationId: 'listImports', summary: 'Recent imports, newest first' })
  @ApiOkResponse({ type: ImportPageDto })
  list(@Query() query: ListImportsQueryDto): Promise<ImportPageDto> {
    return this.imports.list(query.page ?? 1, query.pageSize ?? 20, query.status);
  }

  @Get('imports/:id')
  @ApiOperation({ operationId: 'getImport', summary: 'One import with what each step did' })
  @ApiOkResponse({ type: ImportRecordDto })
  @ApiNotFoundResponse()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ImportRecordDto> {
    return this.imports.get(id);
  }

  @Post('imports/:id/retry')
  @HttpCode(202)
  @ApiOperation({ operationId: 'retryImport', summary: 'Queue a failed import again' })
  @ApiAcceptedResponse({ type: ImportRecordDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The import has not failed' })
  retry(@Param('id', ParseUUIDPipe) id: string): Promise<ImportRecordDto> {
    return this.imports.retry(id);
  }

  @Post('import/naming-preview')
  @HttpCode(200)
  @ApiOperation({ operationId: 'previewNamingTemplate', summary: 'Validate a naming template and render a sample path' })
  @ApiOkResponse({ type: NamingPreviewResponseDto })
  preview(@Body() dto: NamingPreviewRequestDto): Promise<NamingPreviewResponseDto> {
    return this.imports.namingPreview(dto.template);
  }

  @Get('settings/import')
  @ApiOperation({ operationId: 'getImportSettings', summary: 'Import pipeline settings' })
  @ApiOkResponse({ type: ImportSettingsDto })
  getSettings(): Promise<ImportSettingsDto> {
    return this.settings.get();
  }

  @Put('settings/import')
  @ApiOperation({ operationId: 'updateImportSettings', summary: 'Change import settings (only the fields sent)' })
  @ApiOkResponse({ type: ImportSettingsDto })
  @ApiBadRequestResponse({ description: 'Invalid template, path or URL; see errors[]' })
  updateSettings(@Body() dto: UpdateImportSettingsDto): Promise<ImportSettingsDto> {
    return this.settings.update(dto);
  }
}
