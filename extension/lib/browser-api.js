// The one place where Firefox's `browser` and Chromium's `chrome` namespaces meet.
// Firefox exposes promise-returning `browser` (and also `chrome`); Chromium only has `chrome`,
// whose MV3 methods return promises too. Every other file uses `browserApi`, so a new browser
// difference is handled here and nowhere else.
globalThis.browserApi = globalThis.browser ?? globalThis.chrome;
