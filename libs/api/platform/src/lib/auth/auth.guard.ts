import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { API_KEY_HEADER, CSRF_HEADER, SESSION_COOKIE } from '@soulspot/shared/contracts';
import { API_KEY_ONLY, AuthContext, IS_PUBLIC } from './auth.decorators';
import { AuthService } from './auth.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Global guard: every route needs either an API key (scripts) or a session cookie (browser).
 * Cookie-authenticated state-changing requests must also carry the session's CSRF token, because
 * the browser would attach the cookie to a forged cross-site form post as well.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & { auth?: AuthContext }>();

    const apiKey = req.header(API_KEY_HEADER);
    if (apiKey) {
      const ctx = await this.auth.authenticateApiKey(apiKey);
      if (!ctx) throw new UnauthorizedException('Invalid API key');
      req.auth = ctx;
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(API_KEY_ONLY, targets)) {
      throw new UnauthorizedException(`This endpoint needs the ${API_KEY_HEADER} header`);
    }

    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const ctx = token ? await this.auth.authenticateSession(token) : null;
    if (!ctx) throw new UnauthorizedException('Not logged in');
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.header(CSRF_HEADER) ?? '';
      if (!ctx.csrfToken || !safeEqual(sent, ctx.csrfToken)) throw new ForbiddenException(`Missing or wrong ${CSRF_HEADER} header`);
    }
    req.auth = ctx;
    return true;
  }
}
