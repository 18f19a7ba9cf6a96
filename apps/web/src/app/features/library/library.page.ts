import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ImportsApi } from '../../data-access/imports.api';
import { ImportSettingsCard } from './import-settings-card';
import { ImportsList } from './imports-list';

/** Library → Import: import a file by path, follow recent imports live, configure the pipeline. */
@Component({
  selector: 'ss-library-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ImportsList, ImportSettingsCard],
  template: `
    <h1>Library · Import</h1>
    <section class="card" aria-labelledby="import-file-heading">
      <h2 id="import-file-heading">Import a file</h2>
      <p class="muted">The worker verifies the file, looks it up on MusicBrainz, adds tags, cover art and lyrics, and moves it into the library.</p>
      <form class="form" (ngSubmit)="submit()" data-testid="import-form">
        <div class="field">
          <label for="import-path">File path on the server</label>
          <input id="import-path" class="mono" name="path" [(ngModel)]="path" placeholder="/downloads/Artist - Title.flac" required
            data-testid="import-path" />
        </div>
        <div class="toolbar">
          <div class="field field--inline">
            <label for="import-artist">Artist</label>
            <input id="import-artist" name="artist" [(ngModel)]="artist" data-testid="import-artist" />
          </div>
          <div class="field field--inline">
            <label for="import-title">Title</label>
            <input id="import-title" name="title" [(ngModel)]="title" data-testid="import-title" />
          </div>
          <div class="field field--inline">
            <label for="import-album">Album</label>
            <input id="import-album" name="album" [(ngModel)]="album" data-testid="import-album" />
          </div>
        </div>
        <p class="field__hint">Artist, title and album are optional hints; the file's own tags are used otherwise.</p>
        <div class="form__actions">
          <button type="submit" class="button button--primary" [disabled]="busy() || !path.trim()" data-testid="import-submit">
            {{ busy() ? 'Queuing…' : 'Import' }}
          </button>
        </div>
      </form>
    </section>
    <ss-imports-list />
    <ss-import-settings-card />
  `,
})
export class LibraryPage {
  private readonly api = inject(ImportsApi);
  private readonly list = viewChild.required(ImportsList);
  protected readonly busy = signal(false);
  protected path = '';
  protected artist = '';
  protected title = '';
  protected album = '';

  protected submit(): void {
    const hints = Object.fromEntries(
      Object.entries({ artist: this.artist, title: this.title, album: this.album }).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]),
    );
    this.busy.set(true);
    this.api.create({ path: this.path.trim(), hints }).subscribe({
      next: (record) => {
        this.busy.set(false);
        this.path = '';
        this.list().add(record);
      },
      error: () => this.busy.set(false),
    });
  }
}
