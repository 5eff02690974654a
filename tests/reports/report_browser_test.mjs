// Opens a specflow HTML report in headless Debian Chromium and checks that it is
// self-contained and draws: no request other than the file itself (every other one is
// blocked and recorded), no console or page errors, every .chart holding a non-empty <svg> or
// <canvas>. Saves a full-page screenshot.
//
//   node report_browser_test.mjs <report.html> <screenshot.png>
//
// CHROMIUM overrides the browser (default /usr/bin/chromium). playwright-core comes from the
// package.json beside this file, installed with `npm ci` next to a copy of it in the build
// tree (tests/reports/CMakeLists.txt); it never downloads a browser of its own.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const k_chart_timeout_ms = 20000;
const k_chromium_flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const [htmlArg, pngArg] = process.argv.slice(2);
if (!htmlArg || !pngArg) {
  console.error('usage: node report_browser_test.mjs <report.html> <screenshot.png>');
  process.exit(2);
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error(`report: cannot load playwright-core (${e.message}); run npm ci beside this script`);
  process.exit(2);
}

const fileUrl = pathToFileURL(path.resolve(htmlArg)).href;
const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
}

// Every request the page makes, allowed or not, and the console's and page's errors.
function watch(context, page) {
  const seen = { requests: [], consoleErrors: [], pageErrors: [] };
  page.on('request', (request) => {
    if (request.url() !== fileUrl) seen.requests.push(`${request.method()} ${request.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  return context.route('**/*', (route) => {
    if (route.request().url() === fileUrl) return route.continue();
    seen.requests.push(`blocked ${route.request().url()}`);
    return route.abort('blockedbyclient');
  }).then(() => seen);
}

// Size and content of what each .chart element drew, read in the page.
function chartsInPage() {
  return [...document.querySelectorAll('.chart')].map((el) => {
    const drawn = el.querySelector('svg, canvas');
    const box = drawn ? drawn.getBoundingClientRect() : { width: 0, height: 0 };
    return { id: el.id, tag: drawn ? drawn.tagName.toLowerCase() : 'none', width: Math.round(box.width),
             height: Math.round(box.height), shapes: drawn ? drawn.querySelectorAll('path, rect, text').length : 0,
             failed: /could not be drawn/.test(el.textContent) };
  });
}

async function run(page, seen) {
  const response = await page.goto(fileUrl, { waitUntil: 'load' });
  check('report opens', response === null || response.ok(), fileUrl);
  check('report has a title and heading', (await page.title()).length > 0 && (await page.locator('h1').count()) === 1);
  const charts = await page.evaluate(chartsInPage);
  check('report has chart containers', charts.length > 0, `${charts.length}`);
  try {
    await page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((el) => {
      const drawn = el.querySelector('svg, canvas');
      if (!drawn) return false;
      const box = drawn.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    }), null, { timeout: k_chart_timeout_ms });
  } catch {
    // Reported chart by chart below.
  }
  for (const c of await page.evaluate(chartsInPage)) {
    check(`chart ${c.id} drawn`, c.tag !== 'none' && c.width > 0 && c.height > 0 && c.shapes > 10 && !c.failed,
          `${c.tag} ${c.width}x${c.height}, ${c.shapes} shapes`);
  }
  await page.screenshot({ path: pngArg, fullPage: true });
  check('screenshot saved', statSync(pngArg).size > 0, pngArg);
  check('no request but the file itself', seen.requests.length === 0, seen.requests.join('; '));
  check('no console errors', seen.consoleErrors.length === 0, seen.consoleErrors.join('; '));
  check('no page errors', seen.pageErrors.length === 0, seen.pageErrors.join('; '));
}

const userDataDir = mkdtempSync(path.join(tmpdir(), 'specflow-report-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: k_chromium_flags,
    viewport: { width: 1200, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const seen = await watch(context, page);
  await run(page, seen);
} catch (e) {
  check('browser run', false, e.message);
} finally {
  await context?.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).length;
console.log(`report: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
