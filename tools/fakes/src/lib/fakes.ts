export function fakes(): string {
  return 'fakes';
}
