// The HTML around page.ts's bundle: the inputs as JSON in the page itself (no request for them),
// the bundle as a module script from the same origin, an empty icon (else Chromium asks for
// /favicon.ico), and enough style for a readable screenshot.
import type { PageInputs } from "./page.js";

/** `<` is escaped so that no value can close the script element early. */
const jsonInScript = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");

export function pageHtml(inputs: PageInputs, bundlePath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${inputs.title.replace(/[<&]/g, "")}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 24px 32px; color: #1b1f24; background: #fff; }
  h1 { font-size: 22px; margin: 0 0 6px; }
  .status { margin: 0 0 14px; color: #0b6b2b; font-weight: 600; }
  .status.bad { color: #b3261e; white-space: pre-wrap; }
  .diff { margin: 0 0 14px; font: 14px ui-monospace, monospace; }
  table { border-collapse: collapse; font: 13px/1.4 ui-monospace, monospace; margin-bottom: 16px; }
  td { padding: 2px 12px 2px 0; }
  figure { display: inline-block; margin: 0 28px 12px 0; vertical-align: top; }
  figcaption { font: 13px ui-monospace, monospace; margin-bottom: 4px; }
  canvas { border: 1px solid #8a8f98; image-rendering: pixelated; }
</style>
<script type="application/json" id="inputs">${jsonInScript(inputs)}</script>
<script type="module" src="${bundlePath}"></script>
</head>
<body></body>
</html>
`;
}
