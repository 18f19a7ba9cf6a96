import { DatePipe } from '@angular/common';
import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, input, output } from '@angular/core';
import type { DownloadAttemptOutcome, DownloadDetail } from '@soulspot/shared/contracts';
import { StatusBadge, type BadgeTone } from '../../ui/status-badge';
import { basename, formatBytes, formatEta, formatSpeed, reasonLabel, STATE_LABELS, STATE_TONES } from './downloads-list';

const OUTCOME_TONES: Record<DownloadAttemptOutcome, BadgeTone> = { running: 'pending', succeeded: 'ok', failed: 'error', cancelled: 'neutral' };

/** One download in full: where it stands and every candidate tried (who, which file, what came of it). */
@Component({
  selector: 'ss-download-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, StatusBadge],
  styles: `
    @media (max-width: 700px) {
      .attempts thead { display: none; }
      .attempts tr { display: grid; gap: 0.2rem; padding: 0.5rem 0; border-bottom: 1px solid var(--border); }
      .attempts th, .attempts td { border: 0; padding: 0; }
    }
  `,
  template: `
    @let d = detail();
    <section class="card download-detail" role="region" aria-labelledby="download-detail-heading" data-testid="download-detail" tabindex="-1">
      <div class="card__header">
        <h2 id="download-detail-heading">{{ d.artist }} — {{ d.title }}</h2>
        <button type="button" class="button button--ghost" (click)="closed.emit()" data-testid="download-detail-close">Close<span class="visually-hidden"> details</span></button>
      </div>
      <dl class="facts">
        <dt>State</dt>
        <dd><ss-status-badge [tone]="tones[d.state]">{{ labels[d.state] }}</ss-status-badge>
          @if (d.failureReason) { <strong>{{ reason(d.failureReason) }}</strong> }
          @if (d.message) { <span class="small" data-testid="download-detail-message">{{ d.message }}</span> }</dd>
        @if (d.album) { <dt>Album</dt><dd>{{ d.album }}</dd> }
        <dt>Profile</dt><dd><span data-testid="download-detail-profile" [title]="d.profile">{{ profileName() ?? d.profile }}</span> · priority {{ d.priority }}</dd>
        @if (d.filename) {
          <dt>Current file</dt><dd><span class="mono small" [title]="d.filename">{{ name(d.filename) }}</span> from <strong>{{ d.username }}</strong> ({{ bytes(d.size) }})</dd>
        }
        @if (d.state === 'downloading') {
          <dt>Progress</dt><dd>{{ d.percent.toFixed(0) }} % · {{ speed(d.speed) }} · {{ eta(d.etaSeconds) }} left</dd>
        }
        @if (d.placeInQueue !== null) { <dt>Peer queue</dt><dd>place {{ d.placeInQueue }}</dd> }
        @if (d.nextAttemptAt) { <dt>Next attempt</dt><dd>{{ d.nextAttemptAt | date: 'medium' }}</dd> }
        <dt>Attempts</dt><dd>{{ d.attemptCount }} candidate(s), {{ d.searchCount }} search(es)</dd>
        @if (d.localPath) { <dt>File</dt><dd class="mono small" data-testid="download-detail-path">{{ d.localPath }}</dd> }
        <dt>Added</dt><dd>{{ d.createdAt | date: 'medium' }}</dd>
        @if (d.finishedAt) { <dt>Finished</dt><dd>{{ d.finishedAt | date: 'medium' }}</dd> }
      </dl>

      <h3>Candidates tried</h3>
      <div class="table-wrap">
        <table class="table attempts" data-testid="download-attempts">
          <caption class="visually-hidden">Attempts, newest first</caption>
          <thead>
            <tr><th scope="col">File</th><th scope="col">User</th><th scope="col">Outcome</th><th scope="col">Reason</th></tr>
          </thead>
          <tbody>
            @for (a of d.attempts; track a.id) {
              <tr [attr.data-testid]="'attempt-' + a.id">
                <th scope="row"><span class="mono small" [title]="a.filename">{{ name(a.filename) }}</span><br /><span class="muted small">{{ bytes(a.size) }} · {{ a.startedAt | date: 'short' }}@if (a.endedAt) { – {{ a.endedAt | date: 'shortTime' }} }</span></th>
                <td>{{ a.username }}</td>
                <td><ss-status-badge [tone]="outcomeTones[a.outcome]">{{ a.outcome }}</ss-status-badge></td>
                <td class="small">
                  @if (a.reason) { <strong>{{ reason(a.reason) }}</strong> }
                  @if (a.detail) { <br /><span>{{ a.detail }}</span> }
                  @if (a.quarantinePath) { <br /><span class="muted">Quarantined at </span><span class="mono" data-testid="attempt-quarantine">{{ a.quarantinePath }}</span> }
                </td>
              </tr>
            } @empty {
              <tr><td colspan="4" class="muted">No candidate tried yet.</td></tr>
            }
          </tbody>
        </table>
      </div>
    </section>
  `,
  host: { '(keydown.escape)': 'closed.emit()' },
})
export class DownloadDetailPanel {
  readonly detail = input.required<DownloadDetail>();
  /** The quality profile's name (user profiles have uuid ids); null while unknown: the id is shown. */
  readonly profileName = input<string | null>(null);
  readonly closed = output<void>();
  protected readonly labels = STATE_LABELS;
  protected readonly tones = STATE_TONES;
  protected readonly outcomeTones = OUTCOME_TONES;
  protected readonly reason = reasonLabel;
  protected readonly name = basename;
  protected readonly bytes = formatBytes;
  protected readonly speed = formatSpeed;
  protected readonly eta = formatEta;

  constructor() {
    // Keyboard and screen-reader users land in the panel they just opened.
    const host = inject<ElementRef<HTMLElement>>(ElementRef);
    afterNextRender(() => host.nativeElement.querySelector<HTMLElement>('[data-testid="download-detail"]')?.focus());
  }
}
