import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fixture script of docker/fixtures (the same logical schema in every engine). */
export function fixtureScript(file: string): string {
  return readFileSync(join(__dirname, '..', '..', 'docker', 'fixtures', file), 'utf8');
}

/** The fixture account every engine's script creates (test-only credentials). */
export const FIXTURE_READER = { userName: 'cs_reader', password: 'Reader-pw-1' };
