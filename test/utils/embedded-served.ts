import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { buildWorker } from './worker-processes';

export interface Served {
  child: ChildProcess;
  /** Its URL, once it serves; or why it stopped. */
  url: Promise<string>;
  output: string[];
}

/** Compiles src into var/<folder> and returns the build's src folder (serve-embedded.js, cli.js under it). */
export async function buildSrc(folder: string): Promise<string> {
  return (await buildWorker(folder)).replace(/worker\.js$/, '');
}

/**
 * The embedded PostgreSQL of dataDir served by the compiled src/database/serve-embedded.js in a process of its own:
 * Jest's module sandbox cannot load PGlite's WebAssembly (it loads with a dynamic import), and the app talks to it
 * over the socket anyway.
 */
export function serveEmbedded(srcDir: string, dataDir: string): Served {
  const child = spawn(process.execPath, [join(srcDir, 'database', 'serve-embedded.js')], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: 'test', EMBEDDED_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => {
      output.push(data.toString());
      const line = output.join('').split('\n')[0];
      if (output.join('').includes('\n')) resolve(line);
    });
    child.stderr!.on('data', (data: Buffer) => output.push(data.toString()));
    child.on('exit', (code) => reject(new Error(`serve-embedded exited with ${code}: ${output.join('')}`)));
  });
  url.catch(() => undefined);
  return { child, url, output };
}

export async function stopServing(served: Served | undefined): Promise<void> {
  if (!served || served.child.exitCode !== null) return;
  const exited = new Promise((resolve) => served.child.once('exit', resolve));
  served.child.kill('SIGTERM');
  await exited;
}
