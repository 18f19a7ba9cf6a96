import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { EmptyState } from '../../ui/empty-state';

export type ComingSoonArea = 'playlists' | 'library' | 'downloads' | 'search' | 'automation';

interface AreaCopy {
  title: string;
  icon: string;
  heading: string;
  explanation: string;
  nextStep: string;
}

/** What each area will show once its feature lands; the page never invents data in the meantime. */
const COPY: Record<ComingSoonArea, AreaCopy> = {
  playlists: {
    title: 'Playlists',
    icon: '≣',
    heading: 'No playlists yet',
    explanation:
      'Your Spotify playlists will be listed here once a Spotify account is connected, with how many of their tracks are already in your library.',
    nextStep: 'Connecting Spotify will be done from Settings.',
  },
  library: {
    title: 'Library',
    icon: '♫',
    heading: 'The library is empty',
    explanation:
      'Artists, albums and tracks that SoulSpot has downloaded, tagged and filed into your music folder will appear here.',
    nextStep: 'Check that the library path in Settings points at your music folder.',
  },
  downloads: {
    title: 'Downloads',
    icon: '⇩',
    heading: 'Nothing is downloading',
    explanation:
      'Transfers from Soulseek (through slskd) will show here with their progress, speed and result, including retries and failures.',
    nextStep: 'The slskd connection will be configured in Settings.',
  },
  search: {
    title: 'Search',
    icon: '⌕',
    heading: 'Search is not available yet',
    explanation:
      'You will be able to search Soulseek for a track or album, compare the results by quality and pick one to download.',
    nextStep: 'Search needs a working slskd connection, set up in Settings.',
  },
  automation: {
    title: 'Automation',
    icon: '↻',
    heading: 'No automations yet',
    explanation:
      'Watchlists, quality upgrades and rules that download new releases on their own will be managed here.',
    nextStep: 'Automations build on the Spotify and slskd connections from Settings.',
  },
};

@Component({
  selector: 'ss-coming-soon-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [EmptyState, RouterLink],
  template: `
    @let copy = content();
    <header class="page-header">
      <h1>{{ copy.title }}</h1>
    </header>
    <div [attr.data-testid]="'empty-state-' + area()">
      <ss-empty-state [heading]="copy.heading" [icon]="copy.icon">
        <p>{{ copy.explanation }}</p>
        <p class="muted">{{ copy.nextStep }}</p>
        <a routerLink="/settings" class="button button--primary" data-testid="empty-state-settings-link">Open Settings</a>
      </ss-empty-state>
    </div>
  `,
})
export class ComingSoonPage {
  /** From the route's `data`. */
  readonly area = input.required<ComingSoonArea>();
  protected readonly content = computed(() => COPY[this.area()]);
}
