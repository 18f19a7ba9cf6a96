import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ApiErrorBody } from '@soulspot/shared/contracts';
import { ExternalServiceError } from '../errors/external-service.error';
import { currentCorrelationId } from '../logging/correlation';

/** Turns every error into `ApiErrorBody`; never leaks a stack trace to the client. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(`${req.method} ${req.originalUrl} → ${body.statusCode}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    }
    if (res.headersSent) return;
    if (exception instanceof ExternalServiceError && exception.retryAfterMs) {
      res.setHeader('Retry-After', Math.ceil(exception.retryAfterMs / 1000).toString());
    }
    res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ApiErrorBody {
    const correlationId = currentCorrelationId() ?? 'none';
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message = exception.message;
      let errors: string[] | undefined;
      if (typeof response === 'object' && response !== null) {
        const r = response as { message?: unknown; errors?: unknown };
        if (Array.isArray(r.message)) {
          errors = r.message.map(String);
          message = status === 400 ? 'Validation failed' : message;
        } else if (typeof r.message === 'string') {
          message = r.message;
        }
        if (Array.isArray(r.errors)) errors = r.errors.map(String);
      }
      return { statusCode: status, message, ...(errors ? { errors } : {}), correlationId };
    }
    if (exception instanceof ExternalServiceError) {
      const statusCode = exception.code === 'unreachable' || exception.code === 'timeout' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY;
      return { statusCode, message: exception.message, correlationId };
    }
    // Errors raised by Express body parsing (malformed JSON, too large, bad charset) carry a 4xx status.
    const e = exception as { status?: unknown; type?: unknown; message?: unknown };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      const message = e.type === 'entity.parse.failed' ? 'Malformed JSON in request body' : e.type === 'entity.too.large' ? 'Request body too large' : String(e.message ?? 'Bad request');
      return { statusCode: e.status, message, correlationId };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error', correlationId };
  }
}
