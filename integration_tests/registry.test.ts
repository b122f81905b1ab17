/**
 * The files an Airbyte connector folder holds beside the code, as Airbyte's registry and
 * acceptance tests read them: metadata.yaml, icon.svg, acceptance-test-config.yml (and the
 * fixtures it points at), and the docs page's changelog. The version in metadata.yaml, in
 * package.json and in the image's io.airbyte.version label is one version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REGION_URLS } from '../src/config/defaults.js';
import { runSpec } from './harness/commands.js';
import { REPO_ROOT } from './harness/paths.js';

const read = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string; license: string };

interface Metadata {
  metadataSpecVersion?: unknown;
  data?: Record<string, unknown> & { allowedHosts?: { hosts?: unknown } };
}
const metadata = parseYaml(read('metadata.yaml')) as Metadata;
const data = metadata.data ?? {};

/** The value of a `LABEL key=value` in the Dockerfile (quotes allowed). */
function dockerLabel(key: string): string | undefined {
  const escaped = key.replace(/\./g, '\\.');
  return new RegExp(`^LABEL\\b.*\\b${escaped}=["']?([^\\s"']+)`, 'm').exec(read('Dockerfile'))?.[1];
}

describe('metadata.yaml', () => {
  it('names its spec version, as a string', () => {
    expect(metadata.metadataSpecVersion).toBe('1.0');
  });

  it('describes a destination of the api subtype, named Heap', () => {
    expect(data).toMatchObject({ name: 'Heap', connectorType: 'destination', connectorSubtype: 'api' });
  });

  it('has a fixed definitionId that is a UUID', () => {
    expect(data.definitionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('has dockerImageTag equal to package.json version and to the image io.airbyte.version label', () => {
    expect(data.dockerImageTag).toBe(pkg.version);
    expect(dockerLabel('io.airbyte.version')).toBe(pkg.version);
  });

  it('has dockerRepository equal to the image io.airbyte.name label', () => {
    expect(data.dockerRepository).toBe('airbyte/destination-heap');
    expect(dockerLabel('io.airbyte.name')).toBe(data.dockerRepository);
  });

  it("has the SPEC message's documentationUrl", async () => {
    const spec = await runSpec();
    expect(data.documentationUrl).toBe(spec.specs[0]?.documentationUrl);
  });

  it('allows exactly the hosts of Heap US and EU, and those of the store of rejected records', () => {
    const hosts = Object.values(REGION_URLS).map((url) => new URL(url).hostname);
    expect(data.allowedHosts?.hosts).toEqual([...hosts, '*.amazonaws.com', '${object_storage_config.s3_endpoint}']);
  });

  it('names in allowedHosts only config fields that spec.json has', () => {
    const spec = JSON.parse(read('spec.json')) as { properties: Record<string, { oneOf?: Array<{ properties?: Record<string, unknown> }> }> };
    const references = ((data.allowedHosts?.hosts ?? []) as string[]).flatMap((host) => [...host.matchAll(/\$\{([^}]+)\}/g)].map((match) => match[1]!));
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      const [top, field] = reference.split('.');
      const property = spec.properties[top!];
      expect(property, reference).toBeDefined();
      if (field !== undefined) expect(property!.oneOf?.some((option) => option.properties?.[field] !== undefined), reference).toBe(true);
    }
  });

  it('says it supports data activation', () => {
    expect(data.supportsDataActivation).toBe(true);
  });

  it("has package.json's license, a githubIssueLabel, a release stage, a support level and tags", () => {
    expect(data.license).toBe(pkg.license);
    expect(data.githubIssueLabel).toBe('destination-heap');
    expect(['alpha', 'beta', 'generally_available', 'custom']).toContain(data.releaseStage);
    expect(['community', 'certified', 'archived']).toContain(data.supportLevel);
    expect(Array.isArray(data.tags) && data.tags.length > 0 && data.tags.every((tag) => typeof tag === 'string' && /^[a-z-]+:.+$/.test(tag))).toBe(true);
  });

  it('points icon at an SVG file in the repo', () => {
    expect(typeof data.icon).toBe('string');
    const svg = read(String(data.icon));
    expect(svg.trimStart().startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});

describe('acceptance-test-config.yml', () => {
  interface AcceptanceConfig {
    connector_image?: string;
    acceptance_tests?: {
      spec?: { tests?: { spec_path?: string }[] };
      connection?: { tests?: { config_path?: string; status?: string }[] };
    };
  }
  const config = parseYaml(read('acceptance-test-config.yml')) as AcceptanceConfig;
  let specPayload: unknown;
  beforeAll(async () => {
    specPayload = (await runSpec()).specs[0];
  });

  it('tests the image named in metadata.yaml', () => {
    expect(config.connector_image).toBe(`${String(data.dockerRepository)}:dev`);
  });

  it('has a spec test whose expected spec is what the spec command prints (npm run generate:acceptance-spec)', () => {
    const paths = (config.acceptance_tests?.spec?.tests ?? []).map((test) => test.spec_path);
    expect(paths).toEqual(['integration_tests/spec.json']);
    expect(JSON.parse(read(paths[0]!))).toEqual(specPayload);
  });

  it('has check tests for a config that succeeds and one that fails, with files that exist', () => {
    const tests = config.acceptance_tests?.connection?.tests ?? [];
    expect(tests.map((test) => test.status).sort()).toEqual(['failed', 'succeed']);
    for (const test of tests) expect(existsSync(join(REPO_ROOT, test.config_path ?? 'missing'))).toBe(true);
    expect(tests.find((test) => test.status === 'succeed')?.config_path).toBe('integration_tests/sample_config.json');
    expect(tests.find((test) => test.status === 'failed')?.config_path).toBe('integration_tests/invalid_config.json');
  });
});

describe('docs/heap.md changelog', () => {
  const lines = read('docs/heap.md').split('\n');
  const start = lines.findIndex((line) => /^## Changelog\s*$/.test(line));
  const table = lines.slice(start + 1).filter((line) => line.trim().startsWith('|'));
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());

  it('is a Version | Date | Pull Request | Subject table', () => {
    expect(start).toBeGreaterThan(0);
    expect(cells(table[0] ?? '')).toEqual(['Version', 'Date', 'Pull Request', 'Subject']);
  });

  it("has a row for metadata.yaml's dockerImageTag, with a date", () => {
    const row = table.slice(2).map(cells).find((row) => row[0] === data.dockerImageTag);
    expect(row?.[1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row).toHaveLength(4);
  });
});
