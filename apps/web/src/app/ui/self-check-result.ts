import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SelfCheckRun, SelfCheckStatus } from '@soulspot/shared/contracts';
import { type BadgeTone, StatusBadge } from './status-badge';

const TONES: Record<SelfCheckStatus, BadgeTone> = { queued: 'pending', running: 'pending', passed: 'ok', failed: 'error' };
const LABELS: Record<SelfCheckStatus, string> = { queued: 'Queued', running: 'Running…', passed: 'Passed', failed: 'Failed' };

@Component({
  selector: 'ss-self-check-result',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusBadge, DatePipe],
  template: `
    @let current = run();
    <div class="self-check" [attr.aria-busy]="busy()">
      <p class="self-check__summary">
        <span data-testid="self-check-status" [attr.data-status]="current.status">
          <ss-status-badge [tone]="tone()">{{ label() }}</ss-status-badge>
        </span>
        <span class="muted">
          Requested {{ current.requestedAt | date: 'medium' }}
          @if (current.finishedAt) {
            · finished {{ current.finishedAt | date: 'mediumTime' }}
          }
        </span>
      </p>
      @if (showSteps()) {
        @if (current.steps.length) {
          <ul class="steps" aria-label="Self-check steps">
            @for (step of current.steps; track step.name) {
              <li class="step" [attr.data-testid]="'self-check-step-' + step.name" [attr.data-ok]="step.ok">
                <ss-status-badge [tone]="step.ok ? 'ok' : 'error'">{{ step.ok ? 'OK' : 'Failed' }}</ss-status-badge>
                <span class="step__name">{{ step.name }}</span>
                <span class="step__detail muted">{{ step.detail }}</span>
                <span class="step__time muted">{{ step.durationMs }} ms</span>
              </li>
            }
          </ul>
        } @else {
          <p class="muted">{{ current.status === 'queued' ? 'Waiting for the worker to pick it up…' : 'No steps reported yet.' }}</p>
        }
      }
    </div>
  `,
})
export class SelfCheckResult {
  readonly run = input.required<SelfCheckRun>();
  readonly showSteps = input(true);
  protected readonly tone = computed(() => TONES[this.run().status]);
  protected readonly label = computed(() => LABELS[this.run().status]);
  protected readonly busy = computed(() => this.run().status === 'queued' || this.run().status === 'running');
}
