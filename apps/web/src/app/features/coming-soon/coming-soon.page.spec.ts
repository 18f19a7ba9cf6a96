import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { type ComingSoonArea, ComingSoonPage } from './coming-soon.page';

describe('ComingSoonPage', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ComingSoonPage],
      providers: [provideZonelessChangeDetection(), provideRouter([])],
    });
  });

  it.each<ComingSoonArea>(['playlists', 'library', 'downloads', 'search', 'automation'])(
    'explains what %s will show and links to Settings, without inventing rows',
    async (area) => {
      const fixture = TestBed.createComponent(ComingSoonPage);
      fixture.componentRef.setInput('area', area);
      await fixture.whenStable();
      const root = fixture.nativeElement as HTMLElement;
      const state = root.querySelector(`[data-testid="empty-state-${area}"]`);
      expect(state?.querySelector('h2')?.textContent?.trim().length).toBeGreaterThan(0);
      expect(root.querySelector('[data-testid="empty-state-settings-link"]')?.getAttribute('href')).toBe('/settings');
      expect(root.querySelector('table, li')).toBeNull();
    },
  );
});
