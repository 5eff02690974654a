// Opens a specflow HTML report in headless Debian Chromium and checks that it is
// self-contained and draws: no request other than the file itself (every other one is
// blocked and recorded), no console or page errors, every .chart holding a non-empty <svg> or
// <canvas>. Saves a full-page screenshot.
//
//   node report_browser_test.mjs <report.html> <screenshot.png> [expected.json]
//
// With expected.json (the store's figures, read with SQL by tests/tools/report_test.sh), it
// also reads what the charts and tables show out of the rendered page and checks it: the
// waterfall's steps add up to its totals to the penny, which are the store's allocations and
// provider income, and its ICBs' step is the store's ICB variances; the ICB table's region
// subtotals add up and are the store's; the fan charts' months run in financial-year order;
// every region has its DfT and granular charts; the providers' probability column says what it
// counts, and a single replication shows none.
//
// CHROMIUM overrides the browser (default /usr/bin/chromium). playwright-core comes from the
// package.json beside this file, installed with `npm ci` next to a copy of it in the build
// tree (tests/reports/CMakeLists.txt); it never downloads a browser of its own.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const k_chart_timeout_ms = 20000;
const k_chromium_flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const [htmlArg, pngArg, expectedArg] = process.argv.slice(2);
if (!htmlArg || !pngArg) {
  console.error('usage: node report_browser_test.mjs <report.html> <screenshot.png> [expected.json]');
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

// What the page shows, read in the page: its data, the charts' options as ECharts holds them,
// and the ICB table's cells.
function figuresInPage() {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const option = (id) => {
    const el = document.getElementById(id);
    const chart = el && window.echarts.getInstanceByDom(el);
    return chart ? chart.getOption() : null;
  };
  const fans = [...document.querySelectorAll('[id^="chart-fan-"]')].map((el) => {
    const o = option(el.id);
    return { id: el.id, months: o ? o.xAxis[0].data : [] };
  });
  const dft = [...document.querySelectorAll('[id^="chart-dft-"]')].map((el) => {
    const o = option(el.id);
    return o ? o.series.map((s) => s.name) : [];
  });
  const icbTables = [...document.querySelectorAll('#outturn details')].map((details) => {
    const regions = [];
    let england = null;
    for (const tr of details.querySelectorAll('tbody tr')) {
      const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent);
      if (tr.classList.contains('group')) regions.push({ name: tr.textContent, rows: [], subtotal: null });
      else if (tr.classList.contains('subtotal')) regions[regions.length - 1].subtotal = cells.slice(1, 4);
      else if (tr.classList.contains('total')) england = cells.slice(1, 4);
      else regions[regions.length - 1].rows.push(cells.slice(3, 6));
    }
    return { fy: details.querySelector('summary').textContent, regions, england };
  });
  const risk = document.getElementById('income-at-risk');
  return {
    data, fans, dft, icbTables,
    waterfallLabels: (option('chart-waterfall') || { xAxis: [{ data: [] }] }).xAxis[0].data,
    granularCharts: document.querySelectorAll('[id^="chart-granular-"]').length,
    riskHeadings: [...risk.querySelectorAll('th')].map((th) => th.textContent),
    riskText: risk.textContent,
  };
}

// "£1,234.5m" / "-£0.3m" as a number of £m.
function parseMillions(text) {
  const m = /^(-?)£([\d,]+\.\d)m$/.exec(text.trim());
  return m ? (m[1] ? -1 : 1) * Number(m[2].replace(/,/g, '')) : NaN;
}

function checkFigures(f, expected) {
  // The waterfall: a running total from 0; each total equals it to the penny; it ends at 0.
  const steps = f.data.waterfall;
  // The first bar (the allocations) opens the running total; every later total must equal it.
  let running = 0, closes = steps.length > 0 && steps[0].total;
  for (const [i, s] of steps.entries()) {
    if (s.total && i > 0 && s.pence !== running) closes = false;
    running = s.total ? s.pence : running + s.pence;
  }
  check('waterfall: every total is its running total, to the penny', closes && running === 0,
        steps.map((s) => `${s.label} ${s.pence}`).join(', '));
  const total = (label) => (steps.find((s) => s.total && s.label === label) || {}).pence;
  check('waterfall: allocations are the store\'s', total('Allocations') === expected.allocation_pence,
        `${total('Allocations')} against ${expected.allocation_pence}`);
  check('waterfall: provider income is the store\'s', total('Provider income') === expected.income_pence,
        `${total('Provider income')} against ${expected.income_pence}`);
  // The ICBs' step is what the others leave; the store's ICB books must say the same: the
  // first FY's variances summed over the ICBs (a single replication's to the penny; Monte Carlo
  // means, each rounded to the penny, within a penny for each mean the two sides add up).
  const step = (label) => (steps.find((s) => !s.total && s.label === label) || {}).pence;
  const notPaid = step('ICBs: not paid out');
  check('waterfall: the ICBs\' step is their variances in the store',
        Math.abs(notPaid + expected.icb_variance_pence) <= expected.icb_variance_tolerance_pence,
        `${notPaid} against ${-expected.icb_variance_pence} ± ${expected.icb_variance_tolerance_pence}`);
  check('waterfall: every step once, as drawn', new Set(steps.map((s) => s.label)).size === steps.length &&
        JSON.stringify(f.waterfallLabels) === JSON.stringify(steps.map((s) => s.label)), f.waterfallLabels.join(' | '));

  // The ICB table: each region's subtotal adds up its rows and is the store's; so is England's.
  let subtotalsAdd = true, subtotalsStored = true, detail = '';
  for (const table of f.icbTables) {
    for (const region of table.regions) {
      const stored = expected.icb_regions.find((r) => r.fy === table.fy && r.region === region.name);
      ['budget', 'spend', 'variance'].forEach((key, k) => {
        const rows = region.rows.map((r) => parseMillions(r[k]));
        const sum = rows.reduce((a, b) => a + b, 0), shown = parseMillions(region.subtotal[k]);
        if (!(Math.abs(sum - shown) <= 0.05 * (rows.length + 1) + 1e-9)) {
          subtotalsAdd = false; detail += ` ${table.fy} ${region.name} ${key}: ${shown} against rows ${sum.toFixed(1)};`;
        }
        if (!stored || !(Math.abs(stored[key] - shown) <= 0.05 + 1e-9)) {
          subtotalsStored = false; detail += ` ${table.fy} ${region.name} ${key}: ${shown} against store ${stored && stored[key]};`;
        }
      });
    }
  }
  check('ICB table: one table per FY, grouped by every region', f.icbTables.length >= 1 &&
        f.icbTables.every((t) => t.regions.length === expected.regions && t.england), `${f.icbTables.length} tables`);
  check('ICB table: region subtotals add up their ICBs', subtotalsAdd, detail);
  check('ICB table: region subtotals are the store\'s', subtotalsStored, detail);

  // Fan charts: months in financial-year order (M01 = April first), no month missing.
  const ordered = f.fans.length > 0 && f.fans.every((fan) => fan.months.every((m, i) => {
    if (i === 0) return /^\d{4}\/\d{2} M01$/.test(m);
    const [fy, mm] = m.split(' '), [pfy, pmm] = fan.months[i - 1].split(' ');
    return fy === pfy ? Number(mm.slice(1)) === Number(pmm.slice(1)) + 1 : fy > pfy && mm === 'M01' && pmm === 'M12';
  }));
  check('fan charts: months in financial-year order', ordered, f.fans.map((fan) => fan.months.slice(0, 3).join(',')).join(' / '));

  // DfT: a chart per region, every ICB named once.
  const named = f.dft.flat();
  check('DfT: a small chart per region, every ICB named', f.dft.length === expected.regions &&
        named.length === new Set(named).size && named.length === f.data.dft.regions.reduce((n, r) => n + r.series.length, 0),
        `${f.dft.length} charts, ${named.length} ICBs`);
  check('granular view: a heat map per region, every ICB × line', f.granularCharts === expected.regions &&
        f.data.granular.regions.reduce((n, r) => n + r.cells.length, 0) === expected.granular_rows,
        `${f.granularCharts} charts`);

  // Probabilities: labelled with the threshold in £; none for a single replication.
  if (expected.replications === 0) {
    check('single replication: no probabilities, no income at risk',
          !/Probability|P\(pressure/.test(f.riskText) && !f.riskHeadings.includes('Income at risk'), f.riskHeadings.join(' | '));
  } else {
    check('Monte Carlo: the probability column names its threshold in £', f.riskHeadings.includes('P(pressure > £1.0m)'),
          f.riskHeadings.join(' | '));
  }
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
  if (expectedArg) checkFigures(await page.evaluate(figuresInPage), JSON.parse(readFileSync(expectedArg, 'utf8')));
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
