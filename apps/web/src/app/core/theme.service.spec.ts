import { DOCUMENT } from '@angular/common';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { THEME_STORAGE_KEY, ThemeService } from './theme.service';

function fakeMedia(dark: boolean) {
  let listener: ((event: { matches: boolean }) => void) | null = null;
  return {
    media: {
      matches: dark,
      addEventListener: (_: string, fn: (event: { matches: boolean }) => void) => (listener = fn),
    },
    change: (matches: boolean) => listener?.({ matches }),
  };
}

describe('ThemeService', () => {
  let system: ReturnType<typeof fakeMedia>;

  function create(): ThemeService {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    const service = TestBed.inject(ThemeService);
    TestBed.tick();
    return service;
  }

  const applied = () => TestBed.inject(DOCUMENT).documentElement.dataset['theme'];

  beforeEach(() => {
    localStorage.clear();
    system = fakeMedia(true);
    Object.defineProperty(window, 'matchMedia', { configurable: true, value: () => system.media });
  });

  it('follows the operating system until the user chooses', () => {
    const service = create();
    expect(applied()).toBe('dark');
    system.change(false);
    TestBed.tick();
    expect(service.theme()).toBe('light');
    expect(applied()).toBe('light');
  });

  it('cycles system → light → dark and remembers the choice', () => {
    const service = create();
    service.cycle();
    TestBed.tick();
    expect(applied()).toBe('light');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
    service.cycle();
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    service.cycle();
    expect(service.preference()).toBe('system');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });

  it('restores a stored choice over the system setting', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    const service = create();
    expect(service.preference()).toBe('light');
    expect(applied()).toBe('light');
  });
});
