/** Saves a Blob (an export fetched with the bearer token, or JSON built here) as a file download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // The click starts the download; the URL may go once it has.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
