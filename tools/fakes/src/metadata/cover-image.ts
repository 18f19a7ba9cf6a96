/**
 * A real 32x32 JPEG (made once with `ffmpeg -f lavfi -i color=c=0x3050a0:s=32x32 -frames:v 1`), embedded so the
 * fakes need no file lookups at runtime and clients can check magic bytes / decode it with real tools.
 */
export const FAKE_COVER_JPEG: Buffer = Buffer.from(
  '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgQEBMQExYWFhYWFhoYGhsbGxoaGhobGxsdHR0iIiIdHR0bGx0dICAiIiUmJSMjIiMmJigoKDAwLi44ODpFRVP/xABNAAEBAAAAAAAAAAAAAAAAAAAABgEBAQEAAAAAAAAAAAAAAAAAAAUGEAEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/8AAEQgAIAAgAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AjgGuSAAAAAAH/9k=',
  'base64',
);
