/*
 * The panel's whole stylesheet (card, badge, tracker row, form, highlight boxes), applied only inside
 * its shadow root so the webmail's CSS and ours cannot leak into each other.
 */
(function (root) {
  'use strict';

  const CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.panel {
  --bg: #ffffff; --fg: #1f2933; --muted: #5f6b7a; --line: #e4e7eb; --soft: #f5f7fa; --accent: #177a70;
  --shadow: 0 8px 28px rgba(15, 23, 42, .16), 0 1px 3px rgba(15, 23, 42, .10);
  --error: #c0262d; --warning: #a8610a; --suggestion: #2f6fb2; --ok: #15803d;
  position: fixed; z-index: 2147483000; width: 320px; display: flex; flex-direction: column;
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 12px;
  box-shadow: var(--shadow); font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif;
  overflow: hidden; pointer-events: auto; text-align: left; letter-spacing: normal;
  user-select: none; -webkit-user-select: none;
}
.panel input, .panel select { user-select: text; -webkit-user-select: text; }
.panel.dark {
  --bg: #1f2329; --fg: #e6e9ed; --muted: #a3acb9; --line: #343a43; --soft: #272c33; --accent: #4cc2b4;
  --shadow: 0 8px 28px rgba(0, 0, 0, .5); --error: #ff7b7f; --warning: #f0b45a; --suggestion: #82b6f0; --ok: #5fd48a;
}
header { display: flex; align-items: center; gap: 8px; padding: 10px 10px 10px 12px; border-bottom: 1px solid var(--line); }
.brand { display: flex; align-items: center; gap: 6px; font-weight: 600; font-size: 13px; flex: 1; min-width: 0; }
.logo { width: 18px; height: 18px; border-radius: 5px; background: var(--accent); color: var(--bg); display: inline-flex;
  align-items: center; justify-content: center; font-size: 12px; font-weight: 700; flex: none; }
.kind { color: var(--muted); font-weight: 400; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status { width: 8px; height: 8px; border-radius: 50%; background: var(--muted); flex: none; }
.status[data-etiquette-status="online"] { background: var(--ok); }
.status[data-etiquette-status="offline"] { background: var(--error); }
.badge { border-radius: 999px; padding: 2px 9px; font-size: 12px; font-weight: 600; white-space: nowrap;
  background: var(--soft); color: var(--muted); border: 1px solid var(--line); }
.badge[data-etiquette-verdict="ready"] { color: var(--ok); border-color: currentColor; }
.badge[data-etiquette-verdict="review"] { color: var(--warning); border-color: currentColor; }
.badge[data-etiquette-verdict="fix"] { color: var(--error); border-color: currentColor; }
.badge[data-etiquette-state="blanks"] { color: var(--suggestion); border-color: currentColor; }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, [tabindex]:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.icon-btn { border: 0; background: transparent; width: 26px; height: 26px; border-radius: 6px; color: var(--muted);
  display: inline-flex; align-items: center; justify-content: center; font-size: 14px; flex: none; }
.icon-btn:hover { background: var(--soft); color: var(--fg); }
.body { overflow-y: auto; flex: 1; min-height: 0; padding: 4px 0 6px; }
.panel.collapsed .body, .panel.collapsed footer { display: none; }
.summary { padding: 8px 12px 4px; color: var(--muted); }
.summary strong { color: var(--fg); font-weight: 600; display: block; }
.kind-line { display: block; font-size: 12px; }
.kind-line .link { color: var(--accent); text-decoration: underline; padding: 0 2px; font-size: 12px; }
.offline { margin: 8px 12px; padding: 10px; border-radius: 8px; background: var(--soft); border: 1px solid var(--line); }
.offline p { margin: 0 0 6px; }
.offline code, .tracker code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--bg); border: 1px solid var(--line);
  border-radius: 4px; padding: 0 4px; }
.group h3 { margin: 10px 12px 4px; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600;
  display: flex; align-items: center; gap: 6px; }
.group h3::before { content: ""; width: 8px; height: 8px; border-radius: 2px; background: var(--sev); }
.group[data-severity="error"] { --sev: var(--error); }
.group[data-severity="warning"] { --sev: var(--warning); }
.group[data-severity="suggestion"] { --sev: var(--suggestion); }
ul { list-style: none; margin: 0; padding: 0 8px; }
li.warning { border-radius: 8px; margin: 2px 0; border-left: 3px solid var(--cat, var(--sev)); background: transparent; }
li.warning:hover, li.warning.current { background: var(--soft); }
.w-main { display: block; width: 100%; border: 0; background: transparent; text-align: left; padding: 7px 8px 4px; border-radius: 8px; }
.w-top { display: flex; gap: 6px; align-items: baseline; }
.chip { font-size: 11px; font-weight: 600; color: var(--cat, var(--sev)); white-space: nowrap; }
.excerpt { color: var(--muted); font-style: italic; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.msg { display: block; margin-top: 2px; }
.guideline { display: block; margin-top: 2px; color: var(--muted); font-size: 12px; }
.w-actions { display: flex; flex-wrap: wrap; gap: 6px; padding: 2px 8px 8px; }
.fix { border: 1px solid var(--accent); color: var(--accent); background: transparent; border-radius: 6px; padding: 2px 8px; font-size: 12px; font-weight: 600; }
.fix:hover { background: var(--accent); color: var(--bg); }
.link { border: 0; background: transparent; color: var(--muted); padding: 2px 4px; font-size: 12px; border-radius: 4px; }
.link:hover { color: var(--fg); text-decoration: underline; }
.next { margin: 8px 12px; padding: 8px 10px; border-radius: 8px; background: var(--soft); font-size: 12px; }
.empty { padding: 10px 12px; color: var(--ok); }
.summary .empty { padding: 4px 0 0; }
footer { border-top: 1px solid var(--line); padding: 8px 10px; display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
footer .label { color: var(--muted); font-size: 12px; margin-right: 2px; }
.tpl { border: 1px solid var(--line); background: var(--soft); border-radius: 6px; padding: 3px 8px; font-size: 12px; }
.tpl:hover { border-color: var(--accent); }
.notice { margin: 6px 12px; padding: 8px 10px; border-radius: 8px; border: 1px solid var(--line); background: var(--soft); font-size: 12px; }
.notice .row { display: flex; gap: 6px; margin-top: 6px; }
.notice.guard { border-color: var(--error); }
.notice.guard strong { color: var(--error); display: block; margin-bottom: 2px; }
.stats { margin-left: auto; color: var(--muted); font-size: 11px; }
.tracker { flex: none; max-height: 300px; overflow-y: auto; border-bottom: 1px solid var(--line); padding: 6px 12px; font-size: 12px; }
.tracker[hidden] { display: none; }
.panel.collapsed .tracker { display: none; }
.t-row { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.t-what { flex: 1; min-width: 0; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.t-what strong { color: var(--fg); font-weight: 600; }
.gt::before { content: attr(data-t); }
.t-note { color: var(--muted); margin-top: 4px; }
.t-note[data-failed] { color: var(--error); }
.t-form { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 8px; margin-top: 6px; }
.t-form label { display: flex; flex-direction: column; gap: 2px; color: var(--muted); font-size: 11px; min-width: 0; }
.t-form label.wide { grid-column: 1 / -1; }
.t-form input, .t-form select { font: 12px system-ui, sans-serif; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; padding: 3px 6px; min-width: 0; width: 100%; }
.t-form input:focus-visible, .t-form select:focus-visible { outline: 2px solid var(--accent); outline-offset: 0; }
.t-form .row { grid-column: 1 / -1; display: flex; gap: 6px; align-items: center; }
.t-err { grid-column: 1 / -1; color: var(--error); }
.next .reason { display: block; color: var(--muted); margin-top: 2px; }
.next .cal { margin: 4px 0 0 -4px; color: var(--accent); font-weight: 600; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.layer { position: fixed; left: 0; top: 0; width: 0; height: 0; overflow: visible; pointer-events: none; z-index: 2147482999; }
.hl { position: fixed; pointer-events: none; border-radius: 2px; border-bottom: 2px solid var(--c); background: var(--cbg); }
.hl[data-severity="suggestion"] { border-bottom-style: dashed; background: transparent; }
.hl.current { background: var(--cbgstrong); }
.proposals { flex: none; border-bottom: 1px solid var(--line); padding: 6px 12px; font-size: 12px; }
.proposals[hidden] { display: none; }
.panel.collapsed .proposals { display: none; }
.proposal + .proposal { margin-top: 8px; }
.proposal .said { color: var(--muted); font-style: italic; margin-top: 2px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.proposal .row { display: flex; gap: 6px; margin-top: 6px; align-items: center; }
.pill { position: fixed; z-index: 2147483000; pointer-events: auto; display: inline-flex; align-items: center; justify-content: center;
  gap: 4px; box-sizing: border-box; width: 56px; height: 28px; padding: 0 8px; border-radius: 14px; cursor: pointer;
  font: 600 12px/1 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif; letter-spacing: normal;
  background: #ffffff; color: #1f2933; border: 1px solid #e4e7eb; box-shadow: 0 4px 14px rgba(15, 23, 42, .18); }
.pill[hidden] { display: none; }
.pill .dot { width: 8px; height: 8px; border-radius: 50%; background: #5f6b7a; flex: none; }
.pill[data-verdict="ready"] .dot { background: #15803d; }
.pill[data-verdict="review"] { border-color: #a8610a; color: #a8610a; }
.pill[data-verdict="review"] .dot { background: #a8610a; }
.pill[data-verdict="fix"] { background: #c0262d; border-color: #c0262d; color: #ffffff; }
.pill[data-verdict="fix"] .dot { background: #ffffff; }
.pill.dark { background: #1f2329; color: #e6e9ed; border-color: #343a43; }
.pill.dark[data-verdict="review"] { border-color: #f0b45a; color: #f0b45a; }
.pill.dark[data-verdict="fix"] { background: #ff7b7f; border-color: #ff7b7f; color: #1f2329; }
.pill:focus-visible { outline: 2px solid #177a70; outline-offset: 2px; }
`;

  let sheet = null;
  function styleSheet() {
    // A constructed stylesheet is not subject to the page's style-src CSP, unlike an inline <style>.
    if (!sheet) {
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      } catch (e) {
        sheet = null;
      }
    }
    return sheet;
  }

  /** Styles a shadow root: the shared constructed sheet, else (no constructable sheets) a <style>. */
  function adopt(shadow) {
    const s = styleSheet();
    if (s) {
      shadow.adoptedStyleSheets = [s];
      return;
    }
    const style = document.createElement('style');
    style.textContent = CSS;
    shadow.appendChild(style);
  }

  root.EtiquettePanelStyles = { adopt };
})(globalThis);
