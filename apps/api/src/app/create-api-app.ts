import { LoggerService, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppConfig, runWithCorrelation } from '@soulspot/api/core';
import { MetricsService } from '@soulspot/api/platform';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi';

const CORRELATION_HEADER = 'X-Correlation-Id';

/** Builds the fully configured api application (used by main.ts and by the tests). */
export async function createApiApp(config: AppConfig & { databaseUrl: string }, logger?: LoggerService): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: logger ?? ['error', 'warn'],
    bufferLogs: Boolean(logger),
    bodyParser: false,
  });
  app.enableShutdownHooks();
  if (config.trustProxy) app.set('trust proxy', 1);
  app.disable('x-powered-by');

  // Correlation id first, so every later log line and error body carries it.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header(CORRELATION_HEADER);
    const correlationId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    runWithCorrelation({ correlationId }, () => next());
  });
  const metrics = app.get(MetricsService);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const t0 = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.path.startsWith('/api') ? 'unmatched' : 'static';
      metrics.observeHttp(req.method, route, res.statusCode, Number(process.hrtime.bigint() - t0) / 1e9);
    });
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Swagger UI and Angular's critical CSS need inline styles; scripts stay 'self' only.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      hsts: false,
    }),
  );
  app.enableCors(config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: true } : { origin: false });
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  app.useBodyParser('text', { limit: '5mb', type: ['text/plain', 'text/csv', 'audio/x-mpegurl', 'application/vnd.apple.mpegurl'] });
  app.use(cookieParser());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }));
  app.setGlobalPrefix('api', { exclude: ['metrics'] });

  const document = buildOpenApiDocument(app, config.version);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    customSiteTitle: 'SoulSpot API',
    swaggerOptions: { persistAuthorization: true },
  });

  serveSpa(app, config.webDist);
  return app;
}

/** Serves the built Angular app and falls back to index.html for client-side routes. */
function serveSpa(app: NestExpressApplication, webDist: string): void {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(webDist, { index: false, maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path === '/metrics' || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
