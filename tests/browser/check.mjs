// The endpoint's pages in a real browser: the machine's Chromium, headless, driven by
// playwright-core over the DevTools protocol (playwright-core downloads no browser).
//   node tests/browser/check.mjs BASE_URL SCREENSHOT_DIR
// `tests/web.rs` runs it against `ctockg serve` on the bundled data and checks what it prints:
// one JSON object of what each page showed. Screenshots go to SCREENSHOT_DIR.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("../../web/node_modules/playwright-core");

const [base, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const executablePath = process.env.CTOCKG_CHROMIUM || "/usr/bin/chromium";
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const seen = { consoleErrors: [], cspViolations: [] };
page.on("console", (m) => {
  if (m.type() === "error") seen.consoleErrors.push(m.text());
});
page.on("pageerror", (e) => seen.consoleErrors.push(String(e)));
page.on("response", (r) => {
  if (r.status() >= 400) seen.consoleErrors.push(`${r.status()} ${r.url()}`);
});
const shoot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

try {
  // The editor: type a query, run it, read the result table.
  await page.goto(`${base}/sparql`);
  await page.waitForSelector(".yasqe .CodeMirror");
  seen.editorExamples = await page.$$eval("#examples option", (o) => o.map((x) => x.value).filter(Boolean));
  // the query tests/web.rs also asks the endpoint, to compare what the browser shows
  await page.evaluate((query) => { window.ctockgYasgui.getTab().setQuery(query); }, process.env.CTOCKG_QUERY);
  // typing goes through the editor, as a person's keys do
  await page.click(".yasqe .CodeMirror");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n# typed in the browser");
  await page.click(".yasqe .yasqe_queryButton");
  await page.waitForSelector(".yasr table.dataTable tbody tr td");
  seen.editorTable = await page.$$eval(".yasr table.dataTable tbody tr", (rows) =>
    rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.innerText.trim())));
  seen.editorQueryText = await page.evaluate(() => window.ctockgYasgui.getTab().getQuery());
  await shoot("sparql-table");
  const chart = await page.$(".yasr .select_chart");
  seen.chartOffered = chart !== null;
  if (chart) {
    await chart.click();
    await page.waitForSelector(".yasr svg.ctockg-chart");
    seen.chartBars = await page.$$eval(".yasr svg.ctockg-chart rect", (r) =>
      r.map((bar) => Number(bar.getAttribute("width"))));
    await shoot("sparql-chart");
  }

  // A theme over time: the 2020-09-08 meeting in the page and in its chart.
  await page.goto(`${base}/themes/technology`);
  seen.themeTitle = await page.$eval("h1", (h) => h.innerText);
  seen.themeMeetings = await page.$$eval("section.appearance h3", (h) => h.map((x) => x.innerText));
  seen.themeChartLoaded = await page.$eval("img.chart", (img) => img.complete && img.naturalWidth > 0);
  // the page itself may fetch nothing (its policy): the test reads the chart it shows
  const chartSrc = await page.$eval("img.chart", (img) => img.src);
  const chartSvg = await (await page.request.get(chartSrc)).text();
  seen.themeChartHas20200908 = /8 Sep 2020|2020-09-08/.test(chartSvg);
  await shoot("theme-technology");
  // Search: Chinese without spaces, an English word's other forms; a hit opens its paragraph.
  for (const [name, q] of [["searchZh", "偷运移民"], ["searchEn", "smuggle"]]) {
    await page.goto(`${base}/search?q=${encodeURIComponent(q)}`);
    seen[name] = await page.$$eval("div.fact", (hits) => hits.map((hit) => ({
      link: hit.querySelector("a").getAttribute("href"),
      marked: Array.from(hit.querySelectorAll("mark")).map((m) => m.innerText),
    })));
    await shoot(name === "searchZh" ? "search-zh" : "search-en");
  }
  await page.goto(`${base}/search?q=${encodeURIComponent("偷运移民")}`);
  await page.click("div.fact a");
  seen.openedHit = { url: page.url(), text: await page.$eval("blockquote", (b) => b.innerText) };
  await page.goto(`${base}/themes`);
  await shoot("themes");
  await page.goto(`${base}/pictures`);
  await shoot("pictures");
  await page.goto(`${base}/pictures/meeting/wg7/2020-09-08.svg`);
  seen.pictureHasPaper = (await page.content()).includes("CTOC/COP/WG.7/2020/3");
  // a picture is large: the first screen of it
  await page.screenshot({ path: join(shots, "picture-meeting.png") });
} catch (error) {
  seen.failure = String(error && error.stack || error);
  await shoot("failure").catch(() => {});
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
