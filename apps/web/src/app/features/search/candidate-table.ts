import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { Page, SoulseekCandidate } from '@soulspot/shared/contracts';
import { Pager } from '../../ui/pager';

/** Human wording for the matcher's reject codes. */
export const REJECT_REASONS: Record<string, string> = {
  locked: 'Locked (buddies only)',
  not_audio: 'Not an audio file',
  format_not_allowed: 'Format not allowed by the profile',
  blocked_user: 'User blocked',
  blocked_file: 'File already rejected',
  artist_missing: 'Artist not in the path',
  required_phrase_missing: 'Required phrase (e.g. remixer) missing',
  version_mismatch: 'Different version',
  title_mismatch: 'Different title',
  wrong_duration: 'Wrong length',
  unknown_duration: 'Length unknown',
  truncated: 'Truncated file',
  below_profile: 'Below the quality profile',
  banned_word: 'Contains a banned word',
  required_word_missing: 'Required word missing',
  size_limit: 'Outside the size limits',
  low_identity: 'Too unlike the wanted track',
};

/** One page of candidates: accepted ones with scores and reasons, rejected ones with why. */
@Component({
  selector: 'ss-candidate-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Pager],
  template: `
    <div class="table-wrap">
      <table class="table" [attr.data-testid]="testId()">
        <caption class="visually-hidden">{{ accepted() ? 'Accepted candidates, best first' : 'Rejected candidates with reasons' }}</caption>
        <thead>
          <tr>
            @if (accepted()) { <th scope="col" class="num">#</th> }
            <th scope="col">File</th>
            <th scope="col">User</th>
            <th scope="col">Format</th>
            <th scope="col" class="num">Length</th>
            @if (accepted()) {
              <th scope="col" class="num" title="Identity: how sure we are it is the wanted track">Identity</th>
              <th scope="col" class="num">Quality</th>
              <th scope="col" class="num">Availability</th>
              <th scope="col">Why</th>
            } @else {
              <th scope="col">Reason</th>
            }
            @if (downloadable()) { <th scope="col"><span class="visually-hidden">Download</span></th> }
          </tr>
        </thead>
        <tbody>
          @for (c of page().items; track c.id) {
            <tr [attr.data-testid]="(accepted() ? 'accepted-' : 'rejected-') + c.id">
              @if (accepted()) { <td class="num">{{ c.rank }}</td> }
              <th scope="row"><span class="mono small" [title]="c.filename">{{ basename(c.filename) }}</span><br /><span class="muted small mono">{{ folder(c.filename) }}</span></th>
              <td>{{ c.username }}<br /><span class="muted small">{{ peer(c) }}</span></td>
              <td>{{ format(c) }}</td>
              <td class="num">{{ length(c.lengthSeconds) }}</td>
              @if (accepted()) {
                <td class="num">{{ c.identity?.toFixed(0) }} <span class="muted small">{{ c.band === 1 ? 'strong' : 'ok' }}</span></td>
                <td class="num">{{ c.quality?.toFixed(0) }} <span class="muted small">tier {{ c.qualityTier }}</span></td>
                <td class="num">{{ c.availability?.toFixed(0) }} <span class="muted small">~{{ eta(c.etaSeconds) }}</span></td>
                <td class="small">{{ c.reasons.join(' · ') }}</td>
              } @else {
                <td class="small"><strong>{{ reason(c.rejectReason) }}</strong><span class="mono muted">&nbsp;· {{ c.rejectReason }}</span>
                  @if (c.rejectDetail) { <br /><span class="muted">{{ c.rejectDetail }}</span> }</td>
              }
              @if (downloadable()) {
                <td class="actions">
                  @if (queued().has(c.id)) {
                    <span class="small" [attr.data-testid]="'queued-' + c.id">Queued</span>
                  } @else {
                    <button type="button" class="button button--small" [class.button--primary]="accepted()" [disabled]="busy().has(c.id)" (click)="download.emit(c)"
                      [attr.aria-label]="'Download ' + basename(c.filename) + ' from ' + c.username" [attr.data-testid]="'download-' + c.id">Download</button>
                  }
                </td>
              }
            </tr>
          } @empty {
            <tr><td [attr.colspan]="(accepted() ? 9 : 6) + (downloadable() ? 1 : 0)" class="muted">{{ accepted() ? 'No file passed the matcher: nothing would be downloaded.' : 'Nothing was rejected.' }}</td></tr>
          }
        </tbody>
      </table>
    </div>
    @if (page().total > page().pageSize) {
      <ss-pager [page]="page().page" [pageSize]="page().pageSize" [total]="page().total" (pageChange)="pageChange.emit($event)" />
    }
  `,
})
export class CandidateTable {
  readonly page = input.required<Page<SoulseekCandidate>>();
  readonly accepted = input.required<boolean>();
  readonly testId = input('candidates');
  readonly pageChange = output<number>();
  /** Shows a Download button per candidate (the page confirms rejected ones). */
  readonly downloadable = input(false);
  /** Candidates already queued from this page. */
  readonly queued = input<ReadonlySet<string>>(new Set());
  /** Candidates whose download request is in flight. */
  readonly busy = input<ReadonlySet<string>>(new Set());
  readonly download = output<SoulseekCandidate>();

  protected basename(path: string): string {
    return path.split(/[\\/]/).pop() ?? path;
  }
  protected folder(path: string): string {
    const parts = path.split(/[\\/]/);
    return parts.slice(Math.max(0, parts.length - 3), -1).join(' / ');
  }
  protected format(c: SoulseekCandidate): string {
    const ext = (c.filename.match(/\.([a-z0-9]+)$/i)?.[1] ?? '?').toUpperCase();
    if (c.bitDepth || c.sampleRate) return `${ext} ${c.bitDepth ?? '?'}/${((c.sampleRate ?? 0) / 1000).toFixed(1)}`;
    return c.bitRate ? `${ext} ${c.bitRate}` : ext;
  }
  protected length(s: number | null): string {
    return s ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}` : '—';
  }
  protected eta(s: number | null): string {
    if (s === null) return '?';
    return s < 90 ? `${s}s` : `${Math.round(s / 60)} min`;
  }
  protected peer(c: SoulseekCandidate): string {
    return `${c.hasFreeUploadSlot ? 'free slot' : `queue ${c.queueLength}`} · ${(c.uploadSpeed / 1024 / 1024).toFixed(1)} MB/s`;
  }
  protected reason(code: string | null): string {
    return code ? (REJECT_REASONS[code] ?? code) : '';
  }
}
