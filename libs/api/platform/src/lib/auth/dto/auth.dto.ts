import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { ApiKeyInfo, ChangePasswordRequest, LoginRequest, OnboardRequest, OnboardingStatus, SessionInfo } from '@soulspot/shared/contracts';

export class OnboardDto implements OnboardRequest {
  @ApiProperty({ description: 'Admin login name (letters, digits, . _ -)', example: 'admin', minLength: 1, maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'username may only contain letters, digits, ".", "_" and "-"' })
  username!: string;

  @ApiProperty({ description: 'At least 10 characters', minLength: 10, maxLength: 256 })
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  password!: string;
}

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ maxLength: 256 })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ maxLength: 256 })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ description: 'At least 10 characters', minLength: 10, maxLength: 256 })
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  newPassword!: string;
}

export class OnboardingStatusDto implements OnboardingStatus {
  @ApiProperty({ description: 'True until the single admin account exists' })
  needsOnboarding!: boolean;
}

export class SessionInfoDto implements SessionInfo {
  @ApiProperty()
  username!: string;

  @ApiProperty({ description: 'Send as X-CSRF-Token on every state-changing request made with the session cookie' })
  csrfToken!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

export class ApiKeyInfoDto implements ApiKeyInfo {
  @ApiProperty({ description: 'Value for the X-Api-Key header' })
  apiKey!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
