import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ReadinessResponse } from '@soulspot/shared/contracts';
import { StatusBadge } from './status-badge';

const CHECK_LABELS: Partial<Record<string, string>> = { database: 'Database', redis: 'Redis', worker: 'Worker' };

/** Presentational list of readiness checks. */
@Component({
  selector: 'ss-health-checks',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusBadge],
  template: `
    @let result = readiness();
    <p class="status-line">
      Overall:
      <span data-testid="readiness-status" [attr.data-status]="result.status">
        <ss-status-badge [tone]="result.status === 'ok' ? 'ok' : 'error'">{{ result.status === 'ok' ? 'Ready' : 'Not ready' }}</ss-status-badge>
      </span>
    </p>
    <ul class="checks">
      @for (check of result.checks; track check.name) {
        <li class="check" [attr.data-testid]="'check-' + check.name">
          <span class="check__name">{{ labels[check.name] ?? check.name }}</span>
          <span [attr.data-testid]="'check-status-' + check.name" [attr.data-status]="check.status">
            <ss-status-badge [tone]="check.status === 'ok' ? 'ok' : 'error'">{{ check.status === 'ok' ? 'OK' : 'Error' }}</ss-status-badge>
          </span>
          @if (check.latencyMs !== undefined) {
            <span class="muted small">{{ check.latencyMs }} ms</span>
          }
          @if (check.detail) {
            <span class="check__detail muted small" [attr.data-testid]="'check-detail-' + check.name">{{ check.detail }}</span>
          }
        </li>
      }
    </ul>
  `,
})
export class HealthChecks {
  readonly readiness = input.required<ReadinessResponse>();
  protected readonly labels = CHECK_LABELS;
}
