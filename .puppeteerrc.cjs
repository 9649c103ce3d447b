// pitchdeck finds (or obtains) its browser at run time; see src/browser/find-chrome.ts.
// Skipping the install-time download keeps `npm ci` working where that download is not reachable.
module.exports = { skipDownload: true };
