#!/usr/bin/env node
// Generates src/config/config.generated.ts from spec.json.
// With --check, exits 1 when the committed file differs from what spec.json generates.
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const root = new URL('../', import.meta.url);
const target = new URL('src/config/config.generated.ts', root);
const spec = JSON.parse(await readFile(new URL('spec.json', root), 'utf8'));

const generated = await compile(spec, 'HeapDestinationConfig', {
  bannerComment:
    '/* Generated from spec.json by scripts/generate-config-types.mjs. Do not edit: run `npm run generate:types`. */',
  additionalProperties: false,
  strictIndexSignatures: true,
  style: { singleQuote: true },
});

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== generated) {
    console.error('src/config/config.generated.ts is stale: run `npm run generate:types` and commit the result.');
    process.exitCode = 1;
  }
} else {
  await writeFile(target, generated);
}
