#!/usr/bin/env node
// The command line as one bundle (scripts/bundle.mjs), which loads several times faster than the modules
// tsc writes; those when no bundle was made.
const { main } = await import('../lib/bundle/cli.js').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !/lib[\\/]bundle[\\/]cli\.js/.test(String(error.message)))
    throw error;
  return import('../lib/cli/main.js');
});

process.exitCode = await main(process.argv.slice(2));
