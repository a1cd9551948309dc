// Builds Haven's vendored front-end assets into haven/static/haven/.
//
//   cd frontend && npm ci && npm run build
//
// Output (committed, so running Haven needs no Node):
//   haven/static/haven/css/haven.css                   compiled from haven.scss
//   haven/static/haven/vendor/govuk/govuk-frontend.min.js (+ .map, LICENSE.txt)
//   haven/static/haven/vendor/govuk/assets/...         only images the CSS references
//   haven/static/haven/vendor/htmx/htmx.min.js (+ LICENSE.txt)
//
// The build is deterministic: same inputs give byte-identical outputs.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const nodeModules = path.join(here, "node_modules");
const staticRoot = path.join(repo, "haven", "static");
const out = path.join(staticRoot, "haven");

const STATIC_URL = "/static/";
const ASSETS_URL = "/static/haven/vendor/govuk/assets/"; // must match $govuk-assets-path
const govukDist = path.join(nodeModules, "govuk-frontend", "dist", "govuk");

const written = [];

function pkg(name) {
  return JSON.parse(fs.readFileSync(path.join(nodeModules, name, "package.json"), "utf8"));
}

function write(dest, data) {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, data);
  written.push(dest);
}

function copy(src, dest) {
  write(dest, fs.readFileSync(src));
}

function fail(message) {
  console.error(`build.mjs: ${message}`);
  process.exit(1);
}

// The npm tarball of govuk-frontend ships no licence file; this is the text of
// LICENSE.txt in the govuk-frontend repository (package.json says "MIT").
const GOVUK_MIT_LICENSE = `The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

function licenceText(name) {
  const dir = path.join(nodeModules, name);
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e)(\.(md|txt))?$/i.test(f));
  if (file) return fs.readFileSync(path.join(dir, file));
  if (name === "govuk-frontend" && pkg(name).license === "MIT") return GOVUK_MIT_LICENSE;
  fail(`no licence file found for ${name}`);
}

const govuk = pkg("govuk-frontend");
const htmx = pkg("htmx.org");
if (!govuk.version.startsWith("5.")) fail(`expected govuk-frontend 5.x, found ${govuk.version}`);
if (!htmx.version.startsWith("2.")) fail(`expected htmx.org 2.x, found ${htmx.version}`);

// --- CSS -------------------------------------------------------------------
// GOV.UK Frontend v5 uses @import and global built-ins; silence those
// deprecations (only the ids this sass version still reports, to avoid warnings).
const silenceDeprecations = [
  "import",
  "global-builtin",
  "color-functions",
  "mixed-decls",
  "slash-div",
  "if-function",
].filter((id) => sass.deprecations[id] && sass.deprecations[id].status !== "obsolete");

const result = sass.compile(path.join(here, "haven.scss"), {
  style: "compressed",
  loadPaths: [nodeModules],
  quietDeps: true,
  silenceDeprecations,
  sourceMap: false,
});

// Compressed output starts with a UTF-8 byte order mark when the CSS has
// non-ASCII characters (GOV.UK uses a few in `content`). Keep the BOM as the
// very first character, before our banner, so browsers decode it as UTF-8.
let css = result.css;
const bom = css.startsWith("\uFEFF") ? "\uFEFF" : "";
css = css.slice(bom.length);

// Licence-required safety checks.
if (/GDS Transport/i.test(css)) fail("compiled CSS mentions GDS Transport");
if (/@font-face/i.test(css)) fail("compiled CSS contains @font-face");

// Every url() must be a data: URI or one of our copied GOV.UK assets (never a font).
const assetFiles = new Set();
for (const match of css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)) {
  const url = match[2];
  if (url.startsWith("data:")) continue;
  if (/\.(woff2?|ttf|otf|eot)(\?|#|$)/i.test(url)) fail(`compiled CSS references a font: ${url}`);
  if (!url.startsWith(ASSETS_URL)) fail(`compiled CSS references an unexpected URL: ${url}`);
  assetFiles.add(url.slice(ASSETS_URL.length).split(/[?#]/)[0]);
}

const banner =
  `/*! Haven stylesheet. Includes GOV.UK Frontend ${govuk.version}, MIT licence, ` +
  `Copyright (C) 2017 Crown Copyright (Government Digital Service): ` +
  `${STATIC_URL}haven/vendor/govuk/LICENSE.txt */\n`;
write(path.join(out, "css", "haven.css"), bom + banner + css + "\n");

// --- GOV.UK Frontend -------------------------------------------------------
const govukOut = path.join(out, "vendor", "govuk");
copy(path.join(govukDist, "govuk-frontend.min.js"), path.join(govukOut, "govuk-frontend.min.js"));
copy(path.join(govukDist, "govuk-frontend.min.js.map"), path.join(govukOut, "govuk-frontend.min.js.map"));
write(path.join(govukOut, "LICENSE.txt"), licenceText("govuk-frontend"));

// Only the images the CSS actually references; stale ones are removed.
const assetsOut = path.join(govukOut, "assets");
fs.rmSync(assetsOut, { recursive: true, force: true });
for (const rel of [...assetFiles].sort()) {
  const src = path.join(govukDist, "assets", rel);
  if (!fs.existsSync(src)) fail(`CSS references ${ASSETS_URL}${rel}, which govuk-frontend does not ship`);
  copy(src, path.join(assetsOut, rel));
}

// --- htmx ------------------------------------------------------------------
const htmxOut = path.join(out, "vendor", "htmx");
copy(path.join(nodeModules, "htmx.org", "dist", "htmx.min.js"), path.join(htmxOut, "htmx.min.js"));
write(path.join(htmxOut, "LICENSE.txt"), licenceText("htmx.org"));

// --- Report ----------------------------------------------------------------
console.log(`govuk-frontend ${govuk.version}, htmx.org ${htmx.version}, sass ${pkg("sass").version}`);
for (const file of written) {
  const size = fs.statSync(file).size;
  console.log(`  wrote ${path.relative(repo, file)} (${(size / 1024).toFixed(1)} KiB)`);
}
if (assetFiles.size === 0) {
  console.log("  no GOV.UK images are referenced by the CSS, so none were copied to vendor/govuk/assets/");
}
