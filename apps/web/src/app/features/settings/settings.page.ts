import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ApiKeyCard } from './api-key-card';
import { GeneralSettingsForm } from './general-settings-form';
import { PasswordForm } from './password-form';
import { SpotifyCard } from './spotify-card';

@Component({
  selector: 'ss-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [GeneralSettingsForm, PasswordForm, ApiKeyCard, SpotifyCard],
  template: `
    <header class="page-header">
      <h1>Settings</h1>
    </header>
    <div class="grid grid--2">
      <ss-general-settings-form />
      <ss-password-form />
      <ss-api-key-card />
      <ss-spotify-card />
    </div>
  `,
})
export class SettingsPage {}
