import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { AppNotification } from '../core/notification.service';
import { ToastList } from './toast-list';

@Component({ template: '' })
class DownloadsStub {}

@Component({
  imports: [ToastList],
  template: `<ss-toast-list [notifications]="toasts()" (dismiss)="events.push(['dismiss', $event])" (hold)="events.push(['hold', $event])" (release)="events.push(['release', $event])" />`,
})
class Host {
  readonly toasts = signal<AppNotification[]>([]);
  readonly events: [string, number][] = [];
}

describe('ToastList', () => {
  let fixture: ComponentFixture<Host>;
  let root: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [Host],
      providers: [provideZonelessChangeDetection(), provideRouter([{ path: 'downloads', component: DownloadsStub }])],
    });
    fixture = TestBed.createComponent(Host);
    root = fixture.nativeElement as HTMLElement;
    fixture.componentInstance.toasts.set([
      { id: 1, kind: 'success', text: 'Queued “Numb” from peer.', link: { label: 'Open Downloads', path: '/downloads' } },
      { id: 2, kind: 'error', text: 'Could not queue.' },
    ]);
    await fixture.whenStable();
  });

  it('renders the link as a real, named link inside the live status toast; a toast without one has none', () => {
    const [withLink, withoutLink] = Array.from(root.querySelectorAll<HTMLElement>('[data-testid="toast"]'));
    expect(withLink.getAttribute('role')).toBe('status');
    const link = withLink.querySelector<HTMLAnchorElement>('a[data-testid="toast-link"]');
    expect(link?.textContent?.trim()).toBe('Open Downloads');
    expect(link?.getAttribute('href')).toBe('/downloads');
    expect(withLink.textContent).toContain('Queued “Numb” from peer.');
    expect(withoutLink.getAttribute('role')).toBe('alert');
    expect(withoutLink.querySelector('a')).toBeNull();
  });

  it('following the link navigates in the app and closes the toast', async () => {
    root.querySelector<HTMLAnchorElement>('[data-testid="toast-link"]')?.click();
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/downloads');
    expect(fixture.componentInstance.events).toEqual([['dismiss', 1]]);
  });

  it('asks to hold a toast while it has focus or the pointer, and to release it after', () => {
    const toast = root.querySelector<HTMLElement>('[data-testid="toast"]') as HTMLElement;
    const link = toast.querySelector<HTMLAnchorElement>('[data-testid="toast-link"]') as HTMLAnchorElement;
    link.focus();
    link.blur();
    toast.dispatchEvent(new MouseEvent('mouseenter'));
    toast.dispatchEvent(new MouseEvent('mouseleave'));
    expect(fixture.componentInstance.events).toEqual([
      ['hold', 1],
      ['release', 1],
      ['hold', 1],
      ['release', 1],
    ]);
  });
});
