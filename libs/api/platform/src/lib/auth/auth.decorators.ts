import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';

export const IS_PUBLIC = 'soulspot:public';
export const API_KEY_ONLY = 'soulspot:api-key-only';

/** The route needs no login (health checks, login, onboarding). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route is for scripts and scrapers: only the X-Api-Key header is accepted (e.g. /metrics). */
export const ApiKeyOnly = () => SetMetadata(API_KEY_ONLY, true);

export interface AuthContext {
  userId: string;
  username: string;
  via: 'session' | 'api-key';
  sessionId?: string;
  csrfToken?: string;
  expiresAt?: Date;
}

export const CurrentAuth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<{ auth?: AuthContext }>();
  if (!req.auth) throw new Error('CurrentAuth used on a public route');
  return req.auth;
});
