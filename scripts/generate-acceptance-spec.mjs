#!/usr/bin/env node
// Writes integration_tests/spec.json: the ConnectorSpecification that Airbyte's acceptance tests
// (acceptance-test-config.yml) compare the connector's SPEC output with. It is taken from the
// built connector's own SPEC message, so run it after `npm run build` (the npm script does);
// a conformance test fails while the file differs from what `spec` prints.
import { writeFile } from 'node:fs/promises';

const { specMessage } = await import(new URL('../dist/src/commands/spec.js', import.meta.url).href);
await writeFile(new URL('../integration_tests/spec.json', import.meta.url), `${JSON.stringify(specMessage().spec, null, 2)}\n`);
