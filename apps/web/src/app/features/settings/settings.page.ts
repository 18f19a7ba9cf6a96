import { ChangeDetectionStrategy, Component } from '@angular/core';
import { SoulseekSettingsCard } from '../search/soulseek-settings-card';
import { ApiKeyCard } from './api-key-card';
import { DownloadSettingsCard } from './download-settings-card';
import { GeneralSettingsForm } from './general-settings-form';
import { PasswordForm } from './password-form';
import { QualityProfilesCard } from './quality-profiles-card';
import { SpotifyCard } from './spotify-card';

@Component({
  selector: 'ss-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [GeneralSettingsForm, PasswordForm, ApiKeyCard, SpotifyCard, SoulseekSettingsCard, DownloadSettingsCard, QualityProfilesCard],
  template: `
    <header class="page-header">
      <h1>Settings</h1>
    </header>
    <div class="grid grid--2">
      <ss-general-settings-form />
      <ss-password-form />
      <ss-api-key-card />
      <ss-spotify-card />
      <ss-soulseek-settings-card />
      <ss-download-settings-card />
      <ss-quality-profiles-card />
    </div>
  `,
})
export class SettingsPage {}
