// The one place where Firefox's `browser` and Chromium's `chrome` namespaces meet.
// Firefox exposes promise-returning `browser` (and also `chrome`); Chromium only has `chrome`,
// whose MV3 methods return promises too. Every other file uses `browserApi`, so a new browser
// difference is handled here and nowhere else.
//
// `browser` counts only as our global's own property: in Chromium, where there is none, a page
// element with id or name "browser" is what `globalThis.browser` finds even in the content script's
// world (DOM clobbering, https://html.spec.whatwg.org/#named-access-on-the-window-object), and a page
// must not be able to switch the extension off that way (e2e/test_hostile_page.py).
globalThis.browserApi =
  (Object.prototype.hasOwnProperty.call(globalThis, 'browser') ? globalThis.browser : undefined) ??
  globalThis.chrome;
