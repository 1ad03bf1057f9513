// Headless Chromium for tests that need a real browser (the HTML diff report, generated code run
// in a page). It drives Debian's `chromium` through puppeteer-core, which downloads nothing. Where
// the browser is missing, tests skip with the reason, unless VLMC_REQUIRE_BROWSER=1 (CI sets it)
// turns the absence into a failure, so a CI image without Chromium cannot pass silently.
import { existsSync } from "node:fs";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

/** Debian's package installs it here; VLMC_CHROMIUM points elsewhere (another distribution, a Mac). */
export const CHROMIUM_PATH = process.env["VLMC_CHROMIUM"] ?? "/usr/bin/chromium";

export const BROWSER_REQUIRED = process.env["VLMC_REQUIRE_BROWSER"] === "1";

/** Why browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set VLMC_CHROMIUM)`;
}

/** Skip browser tests where there is no browser, unless the run requires one. */
export const skipBrowserTests = browserMissing() !== null && !BROWSER_REQUIRED;

/**
 * Sandboxing needs user namespaces that containers and root shells often lack; the GPU and
 * /dev/shm flags keep Chromium from failing on machines without either.
 */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--font-render-hinting=none"];

/**
 * WebGL without a GPU: instead of --disable-gpu, ANGLE over SwiftShader (Chromium's software
 * Vulkan), asked for by name. Chromium 156 still falls back to it under --disable-gpu too, but
 * that silent fallback is being withdrawn; naming it keeps WebGL tests from becoming skips.
 */
const WEBGL_ARGS = [...CHROMIUM_ARGS.filter((a) => a !== "--disable-gpu"), "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"];

export interface LaunchOptions {
  /** Offer pages software WebGL (SwiftShader); off by default, as most tests need no GPU. */
  readonly webgl?: boolean;
}

/** A fresh headless browser; the caller closes it (withBrowser does so for you). */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const missing = browserMissing();
  if (missing !== null) throw new Error(`browser tests need Chromium: ${missing}`);
  return puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: options.webgl ? WEBGL_ARGS : CHROMIUM_ARGS });
}

/** Runs `fn` with a fresh headless browser, closed afterwards whatever `fn` does. */
export async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser();
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** What went wrong in a page: console errors, uncaught exceptions, and any request off the page itself. */
export interface PageProblems {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly requests: string[];
}

/**
 * Opens a page with its problems recorded from the first byte. Every request other than the
 * page's own URL is recorded: a self-contained page makes none.
 */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number } = { width: 1400, height: 900 },
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], requests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => problems.pageErrors.push(String(error)));
  page.on("request", (request) => {
    if (request.url() !== url) problems.requests.push(request.url());
  });
  await page.setViewport(viewport);
  await page.goto(url, { waitUntil: "load" });
  return { page, problems };
}
