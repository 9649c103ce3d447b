import type { HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';

/** A picture or video a page asked for and did not get, and the slide that shows it. */
export interface FailedLoad {
  /** The address as the page resolved it. */
  url: string;
  /** `404 Not Found`, `net::ERR_CONNECTION_REFUSED`, `still loading after 5 s`. */
  reason: string;
  /** An HTTP error status: the server is there and says the file is not (an error, not a network hiccup). */
  status: number | undefined;
  /** The `data-source-line` of the slide that shows it, when one does. */
  line: number | undefined;
}

/** What pitchdeck watches: the media a slide shows. Fonts and scripts come from its own assets. */
const MEDIA = new Set(['image', 'media']);

/**
 * Records the pictures and videos a page fails to load: an error status (404), a refused or unresolved
 * address, a request that fails. Local files are left out: the build already names every missing one.
 * Start it before the page loads; `collect()` also counts images still loading as failed.
 */
export function watchFailedLoads(page: Page): {
  collect(): Promise<FailedLoad[]>;
  stop(): void;
  /** Pictures given up on while still loading (their loading was stopped): failed as `still loading`. */
  stalled(urls: readonly string[]): void;
} {
  const failed = new Map<string, { reason: string; status: number | undefined }>();
  const givenUp = new Set<string>();
  const onFailed = (request: HTTPRequest) => {
    if (!MEDIA.has(request.resourceType()) || request.url().startsWith('file:')) return;
    // Stopped by pitchdeck, not refused: what failed is that it was still loading.
    if (givenUp.has(request.url())) return;
    failed.set(request.url(), { reason: request.failure()?.errorText ?? 'failed', status: undefined });
  };
  const onResponse = (response: HTTPResponse) => {
    const request = response.request();
    if (!MEDIA.has(request.resourceType()) || response.status() < 400 || response.url().startsWith('file:'))
      return;
    failed.set(response.url(), {
      reason: `${response.status()} ${response.statusText()}`.trim(),
      status: response.status(),
    });
  };
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  const stop = () => {
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
  };
  return {
    stop,
    stalled(urls) {
      for (const url of urls) {
        if (url.startsWith('file:')) continue;
        givenUp.add(url);
        failed.set(url, { reason: 'still loading', status: undefined });
      }
    },
    async collect() {
      const pending = await page
        .evaluate(() =>
          [...document.images]
            .filter((img) => !img.complete && !img.currentSrc.startsWith('file:'))
            .map((img) => img.currentSrc || img.src),
        )
        .catch(() => [] as string[]);
      for (const url of pending)
        if (!failed.has(url)) failed.set(url, { reason: 'still loading', status: undefined });
      if (failed.size === 0) return [];
      const urls = [...failed.keys()];
      const lines = await page.evaluate(slideLinesOf, urls).catch(() => urls.map(() => null));
      return urls.map((url, i) => {
        const { reason, status } = failed.get(url) ?? { reason: 'failed', status: undefined };
        const line = lines[i];
        return { url, reason, status, line: line === null || line === undefined ? undefined : line };
      });
    },
  };
}

/** Runs in the page: for each address, the source line of the first slide whose media use it. */
function slideLinesOf(urls: string[]): (number | null)[] {
  const absolute = (value: string | null) => {
    if (!value) return '';
    try {
      return new URL(value, document.baseURI).href;
    } catch {
      return '';
    }
  };
  const candidates = [
    ...document.querySelectorAll(
      'img, video, audio, source, [data-src], section[data-background-image], section[data-background-video]',
    ),
  ];
  return urls.map((url) => {
    const element = candidates.find((el) =>
      ['src', 'data-src', 'data-background-image', 'data-background-video', 'srcset']
        .map((name) => el.getAttribute(name))
        .some((value) => absolute(value) === url),
    );
    const line = element?.closest('section[data-source-line]')?.getAttribute('data-source-line');
    return line ? Number(line) : null;
  });
}
