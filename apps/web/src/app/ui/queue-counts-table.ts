import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { QueueCounts } from '@soulspot/shared/contracts';
import { StatusBadge } from './status-badge';

@Component({
  selector: 'ss-queue-counts-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusBadge],
  template: `
    <div class="table-wrap">
      <table class="table" data-testid="queue-counts-table">
        <caption class="visually-hidden">Jobs per queue</caption>
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">Waiting</th>
            <th scope="col" class="num">Active</th>
            <th scope="col" class="num">Delayed</th>
            <th scope="col" class="num">Failed</th>
            <th scope="col" class="num">Completed</th>
          </tr>
        </thead>
        <tbody>
          @for (queue of queues(); track queue.name) {
            <tr [attr.data-testid]="'queue-row-' + queue.name">
              <th scope="row">{{ queue.name }}</th>
              <td [attr.data-testid]="'queue-' + queue.name + '-status'">
                <ss-status-badge [tone]="queue.paused ? 'warn' : 'ok'">{{ queue.paused ? 'Paused' : 'Running' }}</ss-status-badge>
              </td>
              <td class="num" [attr.data-testid]="'queue-' + queue.name + '-waiting'">{{ queue.waiting }}</td>
              <td class="num" [attr.data-testid]="'queue-' + queue.name + '-active'">{{ queue.active }}</td>
              <td class="num" [attr.data-testid]="'queue-' + queue.name + '-delayed'">{{ queue.delayed }}</td>
              <td class="num" [class.text-danger]="queue.failed > 0" [attr.data-testid]="'queue-' + queue.name + '-failed'">
                {{ queue.failed }}
              </td>
              <td class="num" [attr.data-testid]="'queue-' + queue.name + '-completed'">{{ queue.completed }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="7" class="muted">No queues reported yet.</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class QueueCountsTable {
  readonly queues = input.required<readonly QueueCounts[]>();
}
