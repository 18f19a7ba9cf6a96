import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { startTestApi, TestApi } from '../testing/test-api';

const workspace = resolve(__dirname, '../../../..');
const committedSpec = join(workspace, 'docs/openapi.json');

describe('OpenAPI document and database schema', () => {
  let api: TestApi;
  let spec: OpenAPIObject;

  beforeAll(async () => {
    api = await startTestApi('openapi');
    spec = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as OpenAPIObject;
  });
  afterAll(async () => api?.close());

  it('is a valid OpenAPI document (checked by an independent validator)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(spec));
    const out = execFileSync(process.execPath, [join(workspace, 'node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js'), file], { encoding: 'utf8' });
    expect(out).toMatch(/"valid": true/);
  });

  it('gives every operation a readable, unique operationId and documents every body', () => {
    const ids: string[] = [];
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { operationId?: string; summary?: string; requestBody?: unknown }>)) {
        expect({ path, method, id: op.operationId }).toEqual({ path, method, id: expect.stringMatching(/^[a-z][A-Za-z]+$/) });
        expect(op.summary).toBeTruthy();
        ids.push(op.operationId ?? '');
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
      expect({ name, hasProperties: Object.keys((schema as { properties?: object }).properties ?? {}).length > 0 }).toEqual({ name, hasProperties: true });
    }
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` after changing the API)', () => {
    const generated = JSON.stringify(spec, null, 2) + '\n';
    if (process.env['UPDATE_OPENAPI'] === '1') writeFileSync(committedSpec, generated);
    expect(readFileSync(committedSpec, 'utf8')).toBe(generated);
  });

  it('has no drift between entities and migrations', async () => {
    const ds = api.app.get<DataSource>(getDataSourceToken());
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
