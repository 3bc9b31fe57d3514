'use strict';
/**
 * Build once, start at once (#18): every command (`npx dti`, `npm run cli|start|demo|bench|typeorm|migration:*`) runs
 * the built code in dist/, and compiles first only when a source changed since the last build.
 *
 * - Up to date? Decided without loading TypeScript: the stamp dist/.dti-build.json, written by the last build, holds
 *   the size, times and SHA-1 of every input (the .ts files of tsconfig.build.json's include, the files the program
 *   read besides, such as config/frameworks/framework.schema.json, the tsconfig files and package-lock.json) and the
 *   list of outputs. A file added under an include root, a file deleted or changed (same size and times: unchanged;
 *   else its content is hashed) or an output gone means a build.
 * - The build is incremental (tsc with a tsbuildinfo, never rm -rf dist), then removes every file of dist/ that no
 *   source gives any more: the entity and migration globs load every dist/**\/*.entity.js and migrations/*.js, so a
 *   .js left behind by a deleted or moved .ts would be loaded.
 * - Concurrency, in var/build/: a mutex (`lock`, taken by creating it) around "check, build if needed, register", and
 *   one file per command running from dist/ (`runs/<pid>.json`, removed when it exits; a dead pid's file is ignored).
 *   A build waits until no command runs from dist/, saying which ones it waits for: it never replaces files under a
 *   running command (nor under the export process it forked, which lives no longer than its parent's job). Commands
 *   starting meanwhile wait for the mutex, so two commands starting at once build once.
 *
 * `node bin/launcher.cjs <file> [args...]` runs <file> (relative to the project: dist/src/main.js,
 * node_modules/typeorm/cli.js) in this process once dist/ is up to date; `node bin/launcher.cjs --build` only builds.
 * No dependency: this file runs before anything is built. What it says is in the command line's language
 * (bin/launcher-words.cjs: Vietnamese by default, English with --lang en or DTI_LANG=en).
 */
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { launcherLang, launcherWords } = require('./launcher-words.cjs');

/** Bump when the stamp's meaning changes, so that every checkout builds once with the new launcher. */
const STAMP_VERSION = 1;
const STAMP = '.dti-build.json';
const BUILD_INFO = '.tsbuildinfo';
/** Read by the build as a whole: a change in any of them may change every output. */
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

class LaunchError extends Error {}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const toPosix = (p) => p.split(path.sep).join('/');
const words = launcherWords(launcherLang(process.argv.slice(2), process.env));
const say = (text) => process.stderr.write(`dti: ${text}\n`);

function sha1(file) {
  return createHash('sha1').update(fs.readFileSync(file)).digest('hex');
}

/** A tsconfig exclude pattern (`**\/*.spec.ts`, `test`) as a RegExp on a project-relative path. */
function excludeRegExp(pattern) {
  const body = pattern
    .replace(/^\.\//, '')
    .split(/(\*\*\/|\*|\?)/)
    .map((part) => ({ '**/': '(?:.*/)?', '*': '[^/]*', '?': '[^/]' })[part] ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
    .join('');
  return new RegExp(`^${body}(?:/.*)?$`);
}

/** tsconfig.build.json's include roots and exclude patterns (it is plain JSON; anything else is refused). */
function buildConfig(root) {
  const file = path.join(root, 'tsconfig.build.json');
  let config;
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LaunchError(words.cannotReadConfig(file, error.message));
  }
  return { include: config.include ?? ['.'], exclude: (config.exclude ?? []).map(excludeRegExp) };
}

/** The TypeScript sources under the include roots, project-relative, excluded ones left out. */
function walkSources(root) {
  const { include, exclude } = buildConfig(root);
  const found = [];
  const visit = (rel) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (exclude.some((re) => re.test(child)) || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile() && child.endsWith('.ts')) found.push(child);
    }
  };
  for (const dir of include) visit(toPosix(dir).replace(/^\.\/?/, '').replace(/\/$/, ''));
  return found.sort();
}

function describeFile(root, rel) {
  const stat = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
  return stat && { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
}

const sameTimes = (a, b) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

function readStamp(root) {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(root, 'dist', STAMP), 'utf8'));
    return stamp.version === STAMP_VERSION ? stamp : null;
  } catch {
    return null;
  }
}

/** Why dist/ must be built (a short reason, in the language), or null when it is up to date. Reads no TypeScript. */
function staleReason(root) {
  const { reason } = words;
  const stamp = readStamp(root);
  if (!stamp) return reason.noBuild;
  const known = stamp.inputs;
  const added = walkSources(root).filter((rel) => !known[rel]);
  if (added.length > 0) return reason.added(`${added.slice(0, 3).join(', ')}${added.length > 3 ? ', …' : ''}`);
  for (const rel of CONFIG_FILES) if (!known[rel] && fs.existsSync(path.join(root, rel))) return reason.added(rel);
  for (const [rel, was] of Object.entries(known)) {
    const now = describeFile(root, rel);
    if (!now) return reason.deleted(rel);
    if (!sameTimes(now, was) && (now.size !== was.size || sha1(path.join(root, rel)) !== was.sha1)) return reason.changed(rel);
  }
  const missing = stamp.outputs.find((rel) => !fs.existsSync(path.join(root, 'dist', rel)));
  return missing ? reason.missing(missing) : null;
}

/** Every source's size, times and hash, taken before the compiler reads them: a file edited during the build differs. */
function snapshot(root, rels) {
  const inputs = {};
  for (const rel of rels) {
    const described = describeFile(root, rel);
    if (described) inputs[rel] = { ...described, sha1: sha1(path.join(root, rel)) };
  }
  return inputs;
}

/** The project's own files the last compilation read (sources, imported JSON), from the tsbuildinfo; project-relative. */
function programFiles(root) {
  const dist = path.join(root, 'dist');
  const info = JSON.parse(fs.readFileSync(path.join(dist, BUILD_INFO), 'utf8'));
  return info.fileNames
    .map((name) => toPosix(path.relative(root, path.resolve(dist, name))))
    .filter((rel) => !rel.startsWith('../') && !rel.split('/').includes('node_modules'));
}

/** What the compiler writes for a source (.js and its map; the JSON itself), relative to dist/; a .d.ts writes nothing. */
function outputsOf(rel) {
  if (rel.endsWith('.d.ts')) return [];
  if (rel.endsWith('.ts')) return [rel.replace(/\.ts$/, '.js'), rel.replace(/\.ts$/, '.js.map')];
  if (rel.endsWith('.json')) return [rel];
  throw new LaunchError(words.unknownOutput(rel));
}

function walkDist(dir, rel = '') {
  const files = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) files.push(...walkDist(dir, child));
    else files.push(child);
  }
  return files;
}

/** Removes the files of dist/ that no source gives (and the folders left empty); returns them. */
function pruneOutputs(root, expected) {
  const dist = path.join(root, 'dist');
  const keep = new Set([...expected, BUILD_INFO, STAMP]);
  const removed = walkDist(dist).filter((rel) => !keep.has(rel));
  for (const rel of removed) fs.rmSync(path.join(dist, rel));
  const dirs = new Set(removed.map((rel) => path.posix.dirname(rel)).filter((d) => d !== '.'));
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    for (let d = dir; d !== '.'; d = path.posix.dirname(d)) {
      if (fs.readdirSync(path.join(dist, d)).length > 0) break;
      fs.rmdirSync(path.join(dist, d));
    }
  }
  return removed;
}

function runCompiler(root) {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new LaunchError(words.buildFailed(result.status ?? result.signal));
}

/** Compiles (incrementally), removes what no source gives, and writes the stamp. Call under the mutex, with no command running. */
function build(root, reason) {
  const started = Date.now();
  say(words.building(reason));
  const stamp = readStamp(root);
  const before = snapshot(root, [...new Set([...walkSources(root), ...CONFIG_FILES, ...Object.keys(stamp?.inputs ?? {})])]);
  fs.rmSync(path.join(root, 'dist', STAMP), { force: true });
  runCompiler(root);
  let files = programFiles(root);
  let expected = files.flatMap(outputsOf);
  const missing = () => expected.filter((rel) => rel.endsWith('.js') || rel.endsWith('.json')).filter((rel) => !fs.existsSync(path.join(root, 'dist', rel)));
  if (missing().length > 0) {
    // Outputs deleted behind the compiler's back: its tsbuildinfo says they are written, so it would not write them.
    say(words.compilingAll(missing()[0]));
    fs.rmSync(path.join(root, 'dist', BUILD_INFO), { force: true });
    runCompiler(root);
    files = programFiles(root);
    expected = files.flatMap(outputsOf);
    if (missing().length > 0) throw new LaunchError(words.notWritten(missing()[0]));
  }
  const removed = pruneOutputs(root, expected);
  if (removed.length > 0) say(words.removed(removed.length, `${removed.slice(0, 5).join(', ')}${removed.length > 5 ? ', …' : ''}`));
  // Inputs the compiler found on its own (imported JSON): taken now; one written during the build never matches.
  const inputs = { ...before };
  for (const rel of files.filter((f) => !before[f])) {
    const described = describeFile(root, rel);
    const changedDuringBuild = described.mtimeMs >= started || described.ctimeMs >= started;
    inputs[rel] = changedDuringBuild ? { size: -1, mtimeMs: -1, ctimeMs: -1, sha1: '' } : { ...described, sha1: sha1(path.join(root, rel)) };
  }
  // Kept: what the walk and the compiler see now, and the config files; an input of the last build only is dropped.
  const current = new Set([...files, ...walkSources(root), ...CONFIG_FILES]);
  for (const rel of Object.keys(inputs)) if (!current.has(rel)) delete inputs[rel];
  const outputs = expected.filter((rel) => fs.existsSync(path.join(root, 'dist', rel)));
  const tmp = path.join(root, 'dist', `${STAMP}.${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify({ version: STAMP_VERSION, builtAt: new Date().toISOString(), inputs, outputs }));
  fs.renameSync(tmp, path.join(root, 'dist', STAMP));
  say(words.built(words.seconds((Date.now() - started) / 1000)));
}

/** A process's start time (Linux: /proc/<pid>/stat, field 22), so that a reused pid is not taken for the process. */
function startTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const me = () => ({ pid: process.pid, start: startTime(process.pid), command: process.argv.slice(1).map((a) => path.basename(a) === a ? a : path.relative(process.cwd(), a)).join(' ') });

function alive(owner) {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false;
  }
  return !owner.start || startTime(owner.pid) === null || startTime(owner.pid) === owner.start;
}

function readOwnerText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readOwner(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const stateDir = (root) => path.join(root, 'var', 'build');

/** Runs fn holding the mutex var/build/lock (a lock left by a dead process is taken over). */
function withMutex(root, fn) {
  const dir = stateDir(root);
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'lock');
  const token = JSON.stringify(me());
  let waitedFor = null;
  for (;;) {
    try {
      fs.writeFileSync(lock, token, { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lock);
    if (owner && !alive(owner)) {
      // Renamed away first, so that of two processes taking it over only one removes it.
      const away = `${lock}.dead.${process.pid}`;
      try {
        fs.renameSync(lock, away);
        fs.rmSync(away, { force: true });
      } catch {
        /* taken over by another */
      }
      continue;
    }
    if (owner && waitedFor !== owner.pid) {
      waitedFor = owner.pid;
      say(words.waitingForLock(owner.pid, owner.command));
    }
    sleep(50);
  }
  try {
    return fn();
  } finally {
    if (readOwnerText(lock) === token) fs.rmSync(lock, { force: true });
  }
}

/** The commands running from dist/ (their files under var/build/runs); files of dead processes are removed. */
function runningCommands(root) {
  const dir = path.join(stateDir(root), 'runs');
  const running = [];
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const owner = readOwner(path.join(dir, name));
    if (owner && owner.pid !== process.pid && alive(owner)) running.push(owner);
    else if (!owner || !alive(owner)) fs.rmSync(path.join(dir, name), { force: true });
  }
  return running;
}

function waitUntilNoneRunning(root) {
  let said = '';
  for (;;) {
    const running = runningCommands(root);
    if (running.length === 0) return;
    const list = running.map((r) => `pid ${r.pid} (${r.command})`).join(', ');
    if (list !== said) {
      said = list;
      say(words.waitingToRebuild(list));
    }
    sleep(200);
  }
}

/** Marks this process as running from dist/ until it exits. */
function register(root) {
  const dir = path.join(stateDir(root), 'runs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(me()));
  process.on('exit', () => fs.rmSync(file, { force: true }));
}

/** Builds dist/ if a source changed (waiting for the commands running from it), then registers this process as running from it. */
function ensureBuilt(root, { run }) {
  withMutex(root, () => {
    const reason = staleReason(root);
    if (reason) {
      waitUntilNoneRunning(root);
      build(root, reason);
    }
    if (run) register(root);
  });
}

/** Runs a project file (relative to root) in this process, as `node <file> args...` would, once dist/ is up to date. */
function launch(root, file, args) {
  try {
    ensureBuilt(root, { run: true });
  } catch (error) {
    if (!(error instanceof LaunchError)) throw error;
    say(error.message);
    process.exit(1);
  }
  const entry = path.resolve(root, file);
  process.argv = [process.argv[0], entry, ...args];
  require(entry);
}

module.exports = { launch, ensureBuilt, staleReason, excludeRegExp };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const [first, ...rest] = process.argv.slice(2);
  if (!first) {
    say(words.usage);
    process.exit(2);
  } else if (first === '--build') {
    try {
      ensureBuilt(root, { run: false });
      say(words.upToDate);
    } catch (error) {
      if (!(error instanceof LaunchError)) throw error;
      say(error.message);
      process.exit(1);
    }
  } else {
    launch(root, first, rest);
  }
}
