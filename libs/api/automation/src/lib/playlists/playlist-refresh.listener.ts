import { Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EMPTY, from, map, merge, mergeMap, Subscription, catchError } from 'rxjs';
import { EventBus } from '@soulspot/api/core';
import { PlaylistExportService } from '@soulspot/api/library';

/**
 * Keeps list playlists current when the list changes rather than the library: a finished sync of a list
 * that holds tracks already in the library rewrites its M3U8 (order, additions, removals), and a new list
 * (CSV/text import, search picks) naming files that arrived for another list gets its first M3U8; a renamed
 * list's old file is replaced by the new one and a deleted list's file is removed.
 * Arrivals themselves are handled by the import pipeline (`PlaylistExportService.trackImported`).
 * Best effort by design: events are fire-and-forget, the export button and the next arrival repair a miss.
 */
@Injectable()
export class PlaylistRefreshListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PlaylistRefreshListener.name);
  private subscription?: Subscription;

  constructor(
    private readonly events: EventBus,
    private readonly playlists: PlaylistExportService,
  ) {}

  onApplicationBootstrap(): void {
    const synced = this.events.on('source.sync.updated').pipe(
      mergeMap(({ payload }) => (payload.lastSyncStatus === 'ok' && payload.counts.inLibrary > 0 ? [{ sourceId: payload.id, always: true }] : [])),
    );
    const changed = this.events.on('sources.updated').pipe(mergeMap(({ payload }) => (payload.sourceId ? [{ sourceId: payload.sourceId, always: false }] : [])));
    this.subscription = merge(synced, changed)
      .pipe(
        // Two at a time: a burst of events (an album arriving) must not queue up unbounded parallel exports.
        mergeMap(
          ({ sourceId, always }) =>
            from(always ? this.playlists.exportSource(sourceId) : this.playlists.exportIfAbsent(sourceId)).pipe(
              catchError((error: unknown) => {
                // The list was deleted: its playlist goes too.
                if (error instanceof NotFoundException) return from(this.playlists.removeForList(sourceId)).pipe(map(() => null), catchError(() => EMPTY));
                this.logger.warn(`playlist of list ${sourceId} not refreshed: ${error instanceof Error ? error.message : String(error)}`);
                return EMPTY;
              }),
            ),
          2,
        ),
      )
      .subscribe((result) => {
        if (result) this.logger.log(`playlist refreshed: ${result.written}/${result.total} tracks in ${result.path}`);
      });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
