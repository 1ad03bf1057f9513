// Rendering a diagnostic on a very long line: a window around the span, not the whole line,
// with the caret still under the span.
import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../compiler/diagnostics/render.js";
import { SourceText } from "../../compiler/diagnostics/source-text.js";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.js";

function render(line: string, start: number, end: number): string[] {
  const file = "long.vlm";
  const d: Diagnostic = { code: "VLM1002", severity: "error", message: "m", span: { file, start, end }, related: [] };
  return renderDiagnostic(d, new Map([[file, new SourceText(file, line)]])).split("\n");
}

describe("diagnostic excerpts", () => {
  it("show a short line whole", () => {
    const [, text, caret] = render("hyper a = b", 10, 11);
    expect(text).toBe("  1 | hyper a = b");
    expect(caret).toBe("    |           ^");
  });

  it("show a window of a long line, the caret under the span", () => {
    const line = "x".repeat(5000) + "TARGET" + "y".repeat(5000);
    const [, text, caret] = render(line, 5000, 5006);
    expect(text!.length).toBeLessThan(200);
    expect(text).toMatch(/^ {2}1 \| …x+TARGETy+…$/);
    const at = caret!.indexOf("^");
    expect(text!.slice(at, at + 6)).toBe("TARGET");
    expect(caret!.slice(at)).toBe("^^^^^^");
  });
});
