// The floor every PDF benchmark is measured against: launch Chromium, print a one-page document, exit.
// Nothing pitchdeck does can be faster.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the floor's script into `work` (launching Chromium as pitchdeck does) and returns its path. */
export function writeFloorScript(work, repo) {
  const script = join(work, 'floor.mjs');
  writeFileSync(
    script,
    `import { launchBrowser } from ${JSON.stringify(join(repo, 'lib', 'browser', 'launch.js'))};
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setContent('<h1>One page</h1>');
  await page.pdf({ width: '1280px', height: '720px', printBackground: true });
} finally {
  await browser.close();
}
`,
  );
  return script;
}
