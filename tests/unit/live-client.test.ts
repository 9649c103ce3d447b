import { describe, expect, it } from 'vitest';
import { injectLiveClient, LIVE_CLIENT_JS, pageShell } from '../../src/server/live-client.ts';

const page = (opts: { title?: string; slides?: string; theme?: string }) => `<!doctype html>
<html><head><title>${opts.title ?? 'Deck'}</title><link rel="stylesheet" href="/_assets/theme/${opts.theme ?? 'black'}.css"></head>
<body><div class="reveal"><div class="slides">${opts.slides ?? '<section>One</section>'}</div></div>
<script>Reveal.initialize({"hash":true})</script></body></html>`;

describe('pageShell', () => {
  it('ignores the slides and the title, which the page updates in place', () => {
    const shell = pageShell(page({}));
    expect(pageShell(page({ slides: '<section>Two<div class="slides">nested</div></section>' }))).toBe(shell);
    expect(pageShell(page({ title: 'Another title' }))).toBe(shell);
  });

  it('changes with anything else: a theme means a reload', () => {
    expect(pageShell(page({ theme: 'white' }))).not.toBe(pageShell(page({})));
    expect(pageShell(page({}).replace('"hash":true', '"hash":false'))).not.toBe(pageShell(page({})));
  });
});

describe('injectLiveClient', () => {
  it('adds the script before </body>, with the build and shell it belongs to', () => {
    const html = injectLiveClient(page({}), { build: 'ab12.3', shell: 'f00' });
    expect(html).toContain(
      '<script src="/_pitchdeck/live.js" data-build="ab12.3" data-shell="f00"></script>\n</body>',
    );
  });

  it('serves the client function as a script that parses on its own', () => {
    expect(() => new Function(LIVE_CLIENT_JS)).not.toThrow();
  });
});
