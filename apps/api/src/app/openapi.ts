import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_HEADER, CSRF_HEADER, SESSION_COOKIE } from '@soulspot/shared/contracts';

/** The OpenAPI document generated from the controllers and DTOs; also checked in as docs/openapi.json. */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('SoulSpot API')
    .setDescription(
      [
        'Every route needs a login except `/api/health/*`, `/api/auth/login` and the onboarding routes.',
        `Scripts send the API key (Settings → API key) as the \`${API_KEY_HEADER}\` header.`,
        `The web app uses the \`${SESSION_COOKIE}\` cookie; state-changing requests then also need the \`${CSRF_HEADER}\` header.`,
        'Errors always have the shape `{ statusCode, message, errors?, correlationId }`.',
      ].join('\n\n'),
    )
    .setVersion(version)
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER }, 'apiKey')
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'session')
    .addSecurityRequirements('apiKey')
    .addSecurityRequirements('session')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
}
