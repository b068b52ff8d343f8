import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const DOCUMENT = join(ROOT, 'openapi', 'connections-api.json');

/** Redocly reports nothing home and looks for no update: nothing leaves the machine. */
const OFFLINE_ENV = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

export type Linter = 'redocly' | 'spectral';

export interface LintFinding {
  linter: Linter;
  severity: 'error' | 'warning' | 'info' | 'hint';
  rule: string;
  /** JSON pointer (redocly) or dotted path (spectral) into the document. */
  where: string;
  message: string;
}

export interface LintReport {
  findings: LintFinding[];
  /** Wall time of each linter, in milliseconds. */
  durations: Record<Linter, number>;
}

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
  ms: number;
}

/** The executable a package declares under `bin`, run with this node (no shell, no PATH lookup). */
function binOf(pkg: string, name: string): string {
  const dir = join(ROOT, 'node_modules', pkg);
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  return join(dir, bin[name]);
}

function run(script: string, args: string[]): Promise<Run> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...OFFLINE_ENV },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      done({ stdout, stderr, code, ms: Math.round(performance.now() - started) }),
    );
  });
}

function parsed<T>(linter: Linter, result: Run): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `${linter} did not report (exit ${result.code}):\n${result.stderr || result.stdout}`,
    );
  }
}

interface RedoclyOutput {
  problems: Array<{
    ruleId: string;
    severity: 'error' | 'warn';
    message: string;
    location: Array<{ pointer: string }>;
  }>;
}

async function redocly(document: string): Promise<[LintFinding[], number]> {
  const config = join(ROOT, 'redocly.yaml');
  const result = await run(binOf('@redocly/cli', 'redocly'), [
    'lint',
    document,
    `--config=${config}`,
    '--format=json',
    '--max-problems=1000',
  ]);
  const findings = parsed<RedoclyOutput>('redocly', result).problems.map(
    (problem): LintFinding => ({
      linter: 'redocly',
      severity: problem.severity === 'warn' ? 'warning' : 'error',
      rule: problem.ruleId,
      where: problem.location[0]?.pointer ?? '',
      message: problem.message,
    }),
  );
  return [findings, result.ms];
}

/** Spectral's numeric severities. */
const SPECTRAL_SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

type SpectralOutput = Array<{ code: string; severity: number; message: string; path: string[] }>;

async function spectral(document: string): Promise<[LintFinding[], number]> {
  const ruleset = join(ROOT, '.spectral.yaml');
  const result = await run(binOf('@stoplight/spectral-cli', 'spectral'), [
    'lint',
    document,
    `--ruleset=${ruleset}`,
    '--format=json',
    '--quiet',
  ]);
  const findings = parsed<SpectralOutput>('spectral', result).map((problem): LintFinding => ({
    linter: 'spectral',
    severity: SPECTRAL_SEVERITY[problem.severity] ?? 'error',
    rule: problem.code,
    where: problem.path.join('.'),
    message: problem.message,
  }));
  return [findings, result.ms];
}

/**
 * Lints the document with redocly (`recommended`, redocly.yaml) and spectral (`spectral:oas`,
 * .spectral.yaml), both at once, offline.
 */
export async function lintOpenApi(document = DOCUMENT): Promise<LintReport> {
  const [[redoclyFindings, redoclyMs], [spectralFindings, spectralMs]] = await Promise.all([
    redocly(document),
    spectral(document),
  ]);
  return {
    findings: [...redoclyFindings, ...spectralFindings],
    durations: { redocly: redoclyMs, spectral: spectralMs },
  };
}

/** What fails the build: any redocly error, any spectral error or warning. */
export function isBlocking(finding: LintFinding): boolean {
  return (
    finding.severity === 'error' ||
    (finding.linter === 'spectral' && finding.severity === 'warning')
  );
}

export function describeFinding(finding: LintFinding): string {
  return `${finding.linter} ${finding.severity} ${finding.rule} at ${finding.where || '(document)'}: ${finding.message}`;
}

if (require.main === module) {
  lintOpenApi().then(
    ({ findings, durations }) => {
      for (const finding of findings) console.log(describeFinding(finding));
      const blocking = findings.filter(isBlocking).length;
      console.log(
        `${relative(process.cwd(), DOCUMENT)}: ${findings.length} findings, ${blocking} blocking ` +
          `(redocly ${durations.redocly} ms, spectral ${durations.spectral} ms)`,
      );
      process.exit(blocking > 0 ? 1 : 0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
