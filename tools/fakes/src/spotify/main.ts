/**
 * Standalone fake Spotify for the demo and manual testing:
 *   npm run ts tools/fakes/src/spotify/main.ts -- --port 5040 [--large 10000] [--redirect-uri URI] [--client-id ID] [--catalogue-playlist]
 * `--catalogue-playlist` adds "Soulseek demo mix", an owned playlist of tracks the fake slskd's default catalogue
 * shares, so the whole chain (sync → download → import) works on the fakes alone.
 */
import { addCataloguePlaylist, DEMO_CATALOGUE_PICKS } from './catalogue-playlist';
import { generateSpotifyLibrary } from './spotify-fake.library';
import { startFakeSpotify } from './spotify-fake.server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const redirect = arg('redirect-uri');
  const library = generateSpotifyLibrary({ seed: Number(arg('seed') ?? 1), largePlaylistSize: arg('large') ? Number(arg('large')) : undefined });
  if (process.argv.includes('--catalogue-playlist')) addCataloguePlaylist(library, DEMO_CATALOGUE_PICKS, { id: '5oUlSeEkDeMoMiX0000000', name: 'Soulseek demo mix' });
  const fake = await startFakeSpotify({
    port: Number(arg('port') ?? 5040),
    clientId: arg('client-id'),
    redirectUris: redirect ? [redirect] : undefined,
    library,
  });
  const playlists = [...fake.library.playlists.values()].map((p) => `  ${p.id}  ${p.name} (${p.entries.length})`).join('\n');
  const token = fake.control.issueTokens().access_token;
  process.stdout.write(
    `fake spotify: accounts ${fake.accountsUrl}  api ${fake.apiUrl}  client_id ${fake.clientId}\n${playlists}\n` +
      `try: curl -H 'Authorization: Bearer ${token}' ${fake.apiUrl}/me   (control API: ${fake.accountsUrl}/__control/state)\n`,
  );
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
