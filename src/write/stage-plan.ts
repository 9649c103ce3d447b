import { join } from 'node:path';
import { forEachBounded } from '../bounded.ts';
import type { Warning } from '../errors.ts';
import { readSharedAssetBytes, singleFile } from '../export/single-file.ts';
import type { BuildPlan, FileView, PlannedPage } from '../plan/build-plan.ts';
import type { Staging } from './staging.ts';

/** Pages staged at once: enough to keep the disk busy, few enough for hundreds of recipients' handles. */
const WRITE_CONCURRENCY = 16;

/** What staging made beyond the plan: the single files, with their sizes and warnings. */
export interface StagedSite {
  singleFiles: Map<PlannedPage, { path: string; bytes: number; warnings: Warning[] }>;
  warnings: Warning[];
}

/**
 * Writes a plan into the staging folder: the shared assets, each page with the files it links, its
 * single file, and the index. Nothing reaches the output folder until the staging is committed.
 */
export async function stagePlan(
  plan: BuildPlan,
  staging: Staging,
  files: FileView,
  options: { keep?: boolean; outputFile?: string | undefined } = {},
): Promise<StagedSite> {
  // Without `keep`, the pages are staged only for the browser to print from: `pdf -o talk.pdf` keeps
  // nothing else.
  const keep = { keep: options.keep !== false };
  await Promise.all(
    plan.sharedAssets.map(({ path, source }) => {
      const final = join(plan.assetsDir, ...path.split('/'));
      return 'file' in source
        ? staging.copy(source.file, final, keep)
        : staging.write(final, source.text, keep);
    }),
  );
  const needsSingle = plan.pages.some((p) => p.singleFilePath !== undefined);
  const shared = needsSingle ? await readSharedAssetBytes(plan) : undefined;
  const site: StagedSite = { singleFiles: new Map(), warnings: [] };
  await forEachBounded(plan.pages, WRITE_CONCURRENCY, async (page) => {
    await forEachBounded(page.copies, 4, (c) => staging.copy(c.from, c.to, keep));
    await staging.write(page.htmlPath, page.html, keep);
    // Made here, one page at a time, rather than held for all: a single file is most of a megabyte.
    if (shared && page.singleFilePath !== undefined) {
      const made = await singleFile(shared, page, plan.out, files);
      // `-o talk.html` keeps that one file of all the site staged for it.
      await staging.write(page.singleFilePath, made.bytes, {
        keep: keep.keep || options.outputFile === 'html',
      });
      site.singleFiles.set(page, {
        path: page.singleFilePath,
        bytes: made.bytes.byteLength,
        warnings: made.warnings,
      });
      site.warnings.push(...made.warnings);
    }
  });
  if (plan.index && keep.keep) {
    await staging.write(plan.index.path, plan.index.html);
    await staging.write(plan.index.manifestPath, `${JSON.stringify(plan.index.entries, null, 1)}\n`);
    if (plan.parts) await staging.write(plan.parts.path, plan.parts.html);
  }
  return site;
}
