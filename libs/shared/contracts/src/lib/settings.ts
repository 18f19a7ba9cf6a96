export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Runtime settings editable in the UI (stored in the database; changes are broadcast as events). */
export interface GeneralSettings {
  /** Shown in the page title and notifications. */
  instanceName: string;
  logLevel: LogLevel;
  /** Absolute path of the music library root on SoulSpot's side. */
  libraryPath: string;
}

export type UpdateGeneralSettingsRequest = Partial<GeneralSettings>;
