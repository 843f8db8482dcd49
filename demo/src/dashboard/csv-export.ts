import type { Filters, ReadApi } from './api.ts';

/**
 * "Export CSV": every response matching the dashboard's filters, from
 * `GET /v1/responses?format=csv`. The request carries the secret key in its `Authorization`
 * header; the file is handed to the browser as a Blob through a temporary `blob:` link, so the
 * key never appears in a URL, the history or a server log.
 */
export async function downloadCsv(api: ReadApi, filters: Filters): Promise<string> {
  const { blob, filename } = await api.exportCsv(filters);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Give the browser time to start the download before the Blob is released.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return filename;
}
