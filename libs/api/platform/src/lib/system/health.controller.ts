import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { LivenessDto, ReadinessDto } from './dto/system.dto';
import { SystemService } from './system.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly system: SystemService) {}

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'The api process is up' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', summary: 'Database, Redis and a worker are reachable (503 otherwise)' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const r = await this.system.readiness();
    if (r.status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return r;
  }
}
