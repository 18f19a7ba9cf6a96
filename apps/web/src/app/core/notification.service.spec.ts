import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { NotificationService } from './notification.service';

describe('NotificationService', () => {
  let service: NotificationService;
  const texts = () => service.notifications().map((n) => n.text);

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    service = TestBed.inject(NotificationService);
  });
  afterEach(() => jest.useRealTimers());

  it('keeps a link with the toast and gives such a toast 10 s instead of 5', () => {
    service.success('Plain');
    service.success('Queued “Numb”.', { label: 'Open Downloads', path: '/downloads' });
    expect(service.notifications().map((n) => n.link ?? null)).toEqual([null, { label: 'Open Downloads', path: '/downloads' }]);
    jest.advanceTimersByTime(5_000);
    expect(texts()).toEqual(['Queued “Numb”.']);
    jest.advanceTimersByTime(5_000);
    expect(texts()).toEqual([]);
  });

  it('does not dismiss a held toast (hovered or focused) and counts down again once released', () => {
    service.info('Hold me', { label: 'Open Downloads', path: '/downloads' });
    const id = service.notifications()[0].id;
    jest.advanceTimersByTime(9_000);
    service.hold(id);
    jest.advanceTimersByTime(60_000);
    expect(texts()).toEqual(['Hold me']);
    service.release(id);
    jest.advanceTimersByTime(9_999);
    expect(texts()).toEqual(['Hold me']);
    jest.advanceTimersByTime(1);
    expect(texts()).toEqual([]);
  });

  it('ignores hold/release of a toast that is already gone, and never doubles a countdown', () => {
    service.error('Boom');
    const id = service.notifications()[0].id;
    service.release(id); // still counting: no second timer
    jest.advanceTimersByTime(10_000);
    expect(texts()).toEqual([]);
    service.hold(id);
    service.release(id);
    expect(texts()).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('shows at most four toasts and drops the timers of the ones pushed out', () => {
    for (const n of [1, 2, 3, 4, 5]) service.info(`n${n}`);
    expect(texts()).toEqual(['n2', 'n3', 'n4', 'n5']);
    expect(jest.getTimerCount()).toBe(4);
  });
});
