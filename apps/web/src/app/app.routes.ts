import type { Route } from '@angular/router';
import { authGuard, loginGuard, onboardingGuard } from './core/auth.guard';
import type { ComingSoonArea } from './features/coming-soon/coming-soon.page';

function comingSoon(path: ComingSoonArea, title: string): Route {
  return {
    path,
    title: `${title} · SoulSpot`,
    data: { area: path },
    loadComponent: () => import('./features/coming-soon/coming-soon.page').then((m) => m.ComingSoonPage),
  };
}

export const appRoutes: Route[] = [
  {
    path: 'onboarding',
    title: 'Welcome · SoulSpot',
    canActivate: [onboardingGuard],
    loadComponent: () => import('./features/auth/onboarding.page').then((m) => m.OnboardingPage),
  },
  {
    path: 'login',
    title: 'Sign in · SoulSpot',
    canActivate: [loginGuard],
    loadComponent: () => import('./features/auth/login.page').then((m) => m.LoginPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./features/shell/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      {
        path: 'dashboard',
        title: 'Dashboard · SoulSpot',
        loadComponent: () => import('./features/dashboard/dashboard.page').then((m) => m.DashboardPage),
      },
      {
        path: 'playlists',
        title: 'Playlists · SoulSpot',
        loadComponent: () => import('./features/playlists/playlists.page').then((m) => m.PlaylistsPage),
      },
      {
        path: 'playlists/search',
        title: 'Spotify search · SoulSpot',
        loadComponent: () => import('./features/playlists/spotify-search.page').then((m) => m.SpotifySearchPage),
      },
      {
        path: 'playlists/:id',
        title: 'Playlist · SoulSpot',
        loadComponent: () => import('./features/playlists/playlist-detail.page').then((m) => m.PlaylistDetailPage),
      },
      {
        path: 'library',
        title: 'Library · SoulSpot',
        loadComponent: () => import('./features/library/library.page').then((m) => m.LibraryPage),
      },
      {
        path: 'downloads',
        title: 'Downloads · SoulSpot',
        loadComponent: () => import('./features/downloads/downloads.page').then((m) => m.DownloadsPage),
      },
      {
        path: 'search',
        title: 'Search · SoulSpot',
        loadComponent: () => import('./features/search/search.page').then((m) => m.SearchPage),
      },
      comingSoon('automation', 'Automation'),
      {
        path: 'settings',
        title: 'Settings · SoulSpot',
        loadComponent: () => import('./features/settings/settings.page').then((m) => m.SettingsPage),
      },
      {
        path: 'system',
        title: 'System · SoulSpot',
        loadComponent: () => import('./features/system/system.page').then((m) => m.SystemPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
