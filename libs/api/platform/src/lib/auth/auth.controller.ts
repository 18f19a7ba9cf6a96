import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { SESSION_COOKIE } from '@soulspot/shared/contracts';
import { AuthContext, CurrentAuth, Public } from './auth.decorators';
import { AuthService, IssuedSession } from './auth.service';
import { ApiKeyInfoDto, ChangePasswordDto, LoginDto, OnboardDto, OnboardingStatusDto, SessionInfoDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Get('onboarding')
  @ApiOperation({ operationId: 'getOnboardingStatus', summary: 'Whether the admin account still has to be created' })
  @ApiOkResponse({ type: OnboardingStatusDto })
  onboardingStatus(): Promise<OnboardingStatusDto> {
    return this.auth.onboardingStatus();
  }

  @Public()
  @Post('onboarding')
  @ApiOperation({ operationId: 'createAdmin', summary: 'Create the single admin account (first start only) and log in' })
  @ApiOkResponse({ type: SessionInfoDto })
  @ApiConflictResponse({ description: 'The admin account already exists' })
  @HttpCode(200)
  async onboard(@Body() dto: OnboardDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionInfoDto> {
    return this.withCookie(res, req, await this.auth.onboard(dto.username, dto.password, req.header('user-agent') ?? null));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Log in; sets the session cookie and returns the CSRF token' })
  @ApiOkResponse({ type: SessionInfoDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts; see Retry-After' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionInfoDto> {
    try {
      return this.withCookie(res, req, await this.auth.login(dto.username, dto.password, req.ip ?? 'unknown', req.header('user-agent') ?? null));
    } catch (e) {
      const retry = (e as { getResponse?: () => unknown }).getResponse?.() as { retryAfterSeconds?: number } | undefined;
      if (retry?.retryAfterSeconds) res.setHeader('Retry-After', String(retry.retryAfterSeconds));
      throw e;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout', summary: 'End the current session' })
  @ApiNoContentResponse()
  async logout(@CurrentAuth() auth: AuthContext, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (auth.sessionId) await this.auth.logout(auth.sessionId);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions(req));
  }

  @Get('session')
  @ApiOperation({ operationId: 'getSession', summary: 'The current session (and its CSRF token)' })
  @ApiOkResponse({ type: SessionInfoDto })
  session(@CurrentAuth() auth: AuthContext): SessionInfoDto {
    return this.auth.sessionInfo(auth);
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ operationId: 'changePassword', summary: 'Change the admin password; other sessions are signed out' })
  @ApiNoContentResponse()
  changePassword(@CurrentAuth() auth: AuthContext, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(auth, dto.currentPassword, dto.newPassword);
  }

  @Get('api-key')
  @ApiOperation({ operationId: 'getApiKey', summary: 'The API key for the X-Api-Key header' })
  @ApiOkResponse({ type: ApiKeyInfoDto })
  apiKey(@CurrentAuth() auth: AuthContext): Promise<ApiKeyInfoDto> {
    return this.auth.getApiKey(auth.userId);
  }

  @Post('api-key')
  @HttpCode(200)
  @ApiOperation({ operationId: 'regenerateApiKey', summary: 'Replace the API key; the old one stops working at once' })
  @ApiOkResponse({ type: ApiKeyInfoDto })
  regenerateApiKey(@CurrentAuth() auth: AuthContext): Promise<ApiKeyInfoDto> {
    return this.auth.issueApiKey(auth.userId);
  }

  private cookieOptions(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' };
  }

  private withCookie(res: Response, req: Request, issued: IssuedSession): SessionInfoDto {
    res.cookie(SESSION_COOKIE, issued.token, { ...this.cookieOptions(req), expires: new Date(issued.info.expiresAt) });
    return issued.info;
  }
}
