// Generates js/switchboard.classic.js, the classic-script build of the ES module js/switchboard.js: the same
// code in a function scope that defines the global `Switchboard` instead of exporting it. No dependencies.
//
//   node web-module/src/build/make-classic.mjs           write the classic build
//   node web-module/src/build/make-classic.mjs --check   exit 1 when the committed build differs (tests run this)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const js = join(dirname(fileURLToPath(import.meta.url)), '..', 'main', 'webapp', 'js');
const moduleFile = join(js, 'switchboard.js');
const classicFile = join(js, 'switchboard.classic.js');
const marker = '// @module-exports';

export function classicBuild(source) {
  const cut = source.indexOf(marker);
  if (cut < 0) {
    throw new Error(`${moduleFile} has no "${marker}" line`);
  }
  return '// GENERATED from switchboard.js by web-module/src/build/make-classic.mjs. Do not edit; edit switchboard.js.\n'
    + '(function (global) {\n'
    + "'use strict';\n"
    + source.slice(0, cut)
    + 'global.Switchboard = Switchboard;\n'
    + '})(typeof globalThis !== \'undefined\' ? globalThis : window);\n';
}

const expected = classicBuild(readFileSync(moduleFile, 'utf8'));
if (process.argv.includes('--check')) {
  let actual = '';
  try {
    actual = readFileSync(classicFile, 'utf8');
  } catch (e) {
    // missing: reported below
  }
  if (actual !== expected) {
    console.error(`${classicFile} is out of date: run node web-module/src/build/make-classic.mjs`);
    process.exit(1);
  }
  console.log('classic build in sync');
} else {
  writeFileSync(classicFile, expected);
  console.log(`wrote ${classicFile}`);
}
