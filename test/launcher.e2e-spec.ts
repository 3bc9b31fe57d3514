import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * bin/launcher.cjs (#18: build once, start at once) on a small project of its own in a temporary folder: the
 * checkout's launcher files and tsconfig.build.json, its node_modules, a few sources. Not on the checkout's dist/,
 * which other commands may be running from. It speaks the command line's language: the specs below ask for English
 * (DTI_LANG=en) unless they are about the language.
 */

const ROOT = process.cwd();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Started {
  stderr: () => string;
  done: Promise<Run>;
}

/** English unless told: DTI_LANG=en, whatever the environment says. */
const ENGLISH = { DTI_LANG: 'en' };

function start(project: string, args: string[], lang: Record<string, string | undefined> = ENGLISH): Started {
  const env = { ...process.env, DTI_LANG: undefined, ...lang };
  const child = spawn(process.execPath, [join(project, 'bin', 'launcher.cjs'), ...args], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  const done = new Promise<Run>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { stderr: () => stderr, done };
}

const run = (project: string, args: string[], lang?: Record<string, string | undefined>) => start(project, args, lang).done;

async function until(what: string, fn: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const builds = (r: Run) => r.stderr.split('\n').filter((line) => line.startsWith('dti: building dist/')).length;

/** Every file under dir, relative, sorted. */
function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(rel, e.name)) : [join(rel, e.name)]))
    .sort();
}

function makeProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'dti-launcher-'));
  mkdirSync(join(project, 'bin'));
  for (const f of ['launcher.cjs', 'launcher-words.cjs', 'dti.cjs']) copyFileSync(join(ROOT, 'bin', f), join(project, 'bin', f));
  copyFileSync(join(ROOT, 'tsconfig.build.json'), join(project, 'tsconfig.build.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  // The checkout's compiler settings minus its decorators and test types: quicker, and enough for these sources.
  const options = { module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2023', outDir: 'dist', rootDir: '.', sourceMap: true, strict: true, resolveJsonModule: true, skipLibCheck: true };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, include: ['src', 'test', 'migrations'] }));
  mkdirSync(join(project, 'src', 'units'), { recursive: true });
  mkdirSync(join(project, 'migrations'));
  mkdirSync(join(project, 'config'));
  writeFileSync(join(project, 'src', 'word.ts'), "export const word = 'xin chào';\n");
  writeFileSync(join(project, 'src', 'greet.ts'), "import { word } from './word';\nimport data from '../config/data.json';\nconsole.log(word, data.n);\n");
  writeFileSync(join(project, 'config', 'data.json'), '{ "n": 1 }\n');
  writeFileSync(join(project, 'src', 'greet.spec.ts'), "// a spec: excluded by tsconfig.build.json, never built\nexport {};\n");
  writeFileSync(join(project, 'src', 'units', 'unit.entity.ts'), 'export class Unit {}\n');
  writeFileSync(join(project, 'migrations', '1-Units.ts'), 'export class Units1 {}\n');
  // What the entity glob of src/database/data-source-options.ts finds in dist/.
  writeFileSync(
    join(project, 'src', 'entities.ts'),
    "import { readdirSync } from 'node:fs';\nconsole.log(JSON.stringify((readdirSync(__dirname, { recursive: true }) as string[]).filter((f) => f.endsWith('.entity.js')).sort()));\n",
  );
  // Runs until the file <dir>/release exists, after writing <dir>/started: a command running from dist/.
  writeFileSync(
    join(project, 'src', 'hold.ts'),
    "import { existsSync, writeFileSync } from 'node:fs';\nconst dir = process.argv[2];\nwriteFileSync(`${dir}/started`, '');\nconst timer = setInterval(() => {\n  if (existsSync(`${dir}/release`)) {\n    clearInterval(timer);\n    console.log('held');\n  }\n}, 20);\n",
  );
  return project;
}

describe('the launcher (bin/launcher.cjs): build once, start at once', () => {
  let project: string;

  beforeEach(() => {
    project = makeProject();
  });

  afterEach(() => {
    rmSync(project, { recursive: true, force: true });
  });

  it('speaks Vietnamese by default, English with --lang en among the arguments or DTI_LANG=en, numbers in the language', async () => {
    const first = await run(project, ['dist/src/greet.js'], {});
    expect(first).toMatchObject({ code: 0, stdout: 'xin chào 1\n' });
    expect(first.stderr).toMatch(/^dti: đang biên dịch dist\/ \(chưa biên dịch lần nào\)…\ndti: đã biên dịch xong sau \d+,\d giây\n$/);

    writeFileSync(join(project, 'src', 'word.ts'), "export const word = 'hello';\n");
    const byArgument = await run(project, ['dist/src/greet.js', '--lang', 'en'], {});
    expect(byArgument).toMatchObject({ code: 0, stdout: 'hello 1\n' });
    expect(byArgument.stderr).toMatch(/^dti: building dist\/ \(changed src\/word\.ts\)…\ndti: built in \d+\.\d s\n$/);

    writeFileSync(join(project, 'src', 'extra.ts'), "console.log('extra');\n");
    const byEnvironment = await run(project, ['dist/src/extra.js'], { DTI_LANG: 'en' });
    expect(byEnvironment.stderr).toContain('dti: building dist/ (added src/extra.ts)…');

    rmSync(join(project, 'src', 'extra.ts'));
    const vi = await run(project, ['dist/src/greet.js', '--lang=vi'], { DTI_LANG: 'en' });
    expect(vi.stderr).toContain('dti: đang biên dịch dist/ (xoá src/extra.ts)…');
    expect(vi.stderr).toContain('dti: đã xoá 2 tệp của dist/ không còn mã nguồn: src/extra.js, src/extra.js.map');

    writeFileSync(join(project, 'src', 'word.ts'), 'export const word: number = "not a number";\n');
    const broken = await run(project, ['dist/src/greet.js'], {});
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('dti: biên dịch thất bại (tsc thoát 2); không lệnh nào được chạy');
  }, 120_000);

  it('builds on the first run only: a second run with no change, or a file touched but not changed, compiles nothing', async () => {
    const first = await run(project, ['dist/src/greet.js']);
    expect(first).toMatchObject({ code: 0, stdout: 'xin chào 1\n' });
    expect(builds(first)).toBe(1);
    const stamp = statSync(join(project, 'dist', '.dti-build.json')).mtimeMs;

    const second = await run(project, ['dist/src/greet.js']);
    expect(second).toMatchObject({ code: 0, stdout: 'xin chào 1\n', stderr: '' });

    const later = new Date(Date.now() + 5000);
    utimesSync(join(project, 'src', 'word.ts'), later, later);
    const touched = await run(project, ['dist/src/greet.js']);
    expect(touched).toMatchObject({ code: 0, stderr: '' });
    expect(statSync(join(project, 'dist', '.dti-build.json')).mtimeMs).toBe(stamp);
    // A spec is not part of the build: neither built nor a reason to build.
    expect(existsSync(join(project, 'dist', 'src', 'greet.spec.js'))).toBe(false);
    writeFileSync(join(project, 'src', 'greet.spec.ts'), 'export const changed = 1;\n');
    expect((await run(project, ['dist/src/greet.js'])).stderr).toBe('');
  }, 120_000);

  it('rebuilds after an edit (same size included), an imported JSON file changed, an added file', async () => {
    await run(project, ['dist/src/greet.js']);
    // The same size, and its modification time put back: the hash still sees the change.
    const file = join(project, 'src', 'word.ts');
    const { atimeMs, mtimeMs, size } = statSync(file);
    writeFileSync(file, "export const word = 'Xin chào';\n");
    utimesSync(file, atimeMs / 1000, mtimeMs / 1000);
    expect(statSync(file).size).toBe(size);
    expect(Math.abs(statSync(file).mtimeMs - mtimeMs)).toBeLessThan(1);
    const edited = await run(project, ['dist/src/greet.js']);
    expect(edited).toMatchObject({ code: 0, stdout: 'Xin chào 1\n' });
    expect(edited.stderr).toContain('changed src/word.ts');

    writeFileSync(join(project, 'config', 'data.json'), '{ "n": 2 }\n');
    const json = await run(project, ['dist/src/greet.js']);
    expect(json).toMatchObject({ code: 0, stdout: 'Xin chào 2\n' });
    expect(json.stderr).toContain('changed config/data.json');

    writeFileSync(join(project, 'src', 'extra.ts'), "console.log('extra');\n");
    const added = await run(project, ['dist/src/extra.js']);
    expect(added).toMatchObject({ code: 0, stdout: 'extra\n' });
    expect(added.stderr).toContain('added src/extra.ts');
  }, 120_000);

  it("removes the outputs of a deleted or moved source, so the entity and migration globs never load a file whose source is gone", async () => {
    expect((await run(project, ['dist/src/entities.js'])).stdout).toBe('["units/unit.entity.js"]\n');
    mkdirSync(join(project, 'src', 'catalog'));
    renameSync(join(project, 'src', 'units', 'unit.entity.ts'), join(project, 'src', 'catalog', 'unit.entity.ts'));
    rmSync(join(project, 'migrations', '1-Units.ts'));

    const moved = await run(project, ['dist/src/entities.js']);
    expect(moved).toMatchObject({ code: 0, stdout: '["catalog/unit.entity.js"]\n' });
    expect(moved.stderr).toMatch(/removed 4 file\(s\) of dist\/ whose source is gone/);
    const dist = filesUnder(join(project, 'dist')).filter((f) => !f.startsWith('.'));
    expect(dist.filter((f) => f.includes('unit.entity') || f.startsWith('migrations'))).toEqual(['src/catalog/unit.entity.js', 'src/catalog/unit.entity.js.map']);
    expect(existsSync(join(project, 'dist', 'src', 'units'))).toBe(false);
  }, 120_000);

  it('rebuilds when an output was deleted behind its back', async () => {
    await run(project, ['dist/src/greet.js']);
    rmSync(join(project, 'dist', 'src', 'word.js'));
    const again = await run(project, ['dist/src/greet.js']);
    expect(again).toMatchObject({ code: 0, stdout: 'xin chào 1\n' });
    expect(again.stderr).toContain('dist/src/word.js is missing');
  }, 120_000);

  it('refuses to start a command whose build fails, and starts it once the source is fixed', async () => {
    await run(project, ['dist/src/greet.js']);
    writeFileSync(join(project, 'src', 'word.ts'), 'export const word: number = "not a number";\n');
    const broken = await run(project, ['dist/src/greet.js']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("Type 'string' is not assignable to type 'number'");
    expect(broken.stderr).toContain('the build failed');
    expect(broken.stdout).not.toContain('not a number 1');
    writeFileSync(join(project, 'src', 'word.ts'), "export const word = 'lại rồi';\n");
    expect(await run(project, ['dist/src/greet.js'])).toMatchObject({ code: 0, stdout: 'lại rồi 1\n' });
  }, 120_000);

  it('two commands starting at once after a change: one build, both run the new code', async () => {
    await run(project, ['dist/src/greet.js']);
    writeFileSync(join(project, 'src', 'word.ts'), "export const word = 'cùng lúc';\n");
    const [a, b] = await Promise.all([run(project, ['dist/src/greet.js']), run(project, ['dist/src/greet.js'])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.stdout, b.stdout]).toEqual(['cùng lúc 1\n', 'cùng lúc 1\n']);
    expect(builds(a) + builds(b)).toBe(1);
  }, 120_000);

  it('never rebuilds under a running command: the build waits for it to end, then both succeed', async () => {
    const signals = mkdtempSync(join(tmpdir(), 'dti-launcher-hold-'));
    try {
      const holder = start(project, ['dist/src/hold.js', signals]);
      await until('the holding command to start', () => existsSync(join(signals, 'started')));
      const before = readFileSync(join(project, 'dist', 'src', 'word.js'), 'utf8');
      writeFileSync(join(project, 'src', 'word.ts'), "export const word = 'sau đó';\n");

      const second = start(project, ['dist/src/greet.js']);
      await until('the second command to say it waits', () => second.stderr().includes('waiting to rebuild dist/ until the commands running from it end'));
      expect(second.stderr()).toMatch(/pid \d+ \(.*hold\.js/);
      // Still waiting after a while: nothing under the running command was replaced.
      await new Promise((r) => setTimeout(r, 500));
      expect(readFileSync(join(project, 'dist', 'src', 'word.js'), 'utf8')).toBe(before);
      expect(second.stderr()).not.toContain('building dist/');

      writeFileSync(join(signals, 'release'), '');
      const [held, greeted] = await Promise.all([holder.done, second.done]);
      expect(held).toMatchObject({ code: 0, stdout: 'held\n' });
      expect(greeted).toMatchObject({ code: 0, stdout: 'sau đó 1\n' });
      expect(builds(greeted)).toBe(1);
    } finally {
      rmSync(signals, { recursive: true, force: true });
    }
  }, 120_000);
});
