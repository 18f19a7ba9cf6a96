import { BeforeApplicationShutdown, Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EventBus } from '@soulspot/api/core';

const KEEPALIVE_MS = 25_000;

@ApiTags('events')
@Controller('events')
export class EventsController implements BeforeApplicationShutdown {
  private readonly open = new Set<Response>();
  constructor(private readonly events: EventBus) {}

  /** Streams never end on their own; closing them lets the HTTP server drain on SIGTERM (browsers reconnect). */
  beforeApplicationShutdown(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }

  /**
   * Server-sent events: `event:` is the ServerEvent type, `data:` its JSON. Written by hand rather
   * than with @Sse so that keep-alive comments flow and the subscription ends with the connection.
   */
  @Get()
  @ApiOperation({ operationId: 'streamEvents', summary: 'Live updates as server-sent events (text/event-stream)' })
  @ApiProduces('text/event-stream')
  stream(@Req() req: Request, @Res() res: Response): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\nretry: 3000\n\n');
    this.open.add(res);
    const sub = this.events.stream().subscribe((event) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
    req.on('close', () => {
      this.open.delete(res);
      clearInterval(keepalive);
      sub.unsubscribe();
    });
  }
}
