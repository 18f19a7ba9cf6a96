import { Injectable, NotFoundException } from '@nestjs/common';
import type { WantedTrack } from '@soulspot/shared/contracts';
import { EventBus } from '@soulspot/api/core';
import { WantedTracksRepository, toWantedTrack } from './wanted-tracks.repository';

@Injectable()
export class WantedTracksService {
  constructor(
    private readonly repo: WantedTracksRepository,
    private readonly events: EventBus,
  ) {}

  /** Excluding a recording applies to every list that names it (it is one wanted track). */
  async setExcluded(id: string, excluded: boolean): Promise<WantedTrack> {
    const track = await this.repo.setWantedTrackState(id, excluded ? 'excluded' : 'wanted');
    if (!track) throw new NotFoundException(`wanted track ${id} not found`);
    for (const sourceId of await this.repo.sourcesOf(id)) await this.events.publish({ type: 'sources.updated', payload: { sourceId } });
    return toWantedTrack(track);
  }
}
