// The Node entry of the host: `tsx main/node/index.ts [--port 7710] [--host 127.0.0.1]
// [--config FILE | --profile NAME] [--platform-url URL] [--data-dir DIR]` (see options.ts for env).
// Loads and validates the kiosk config (exit 78 with the bad field named; never half-configured),
// serves the renderer and the API on 127.0.0.1, and stops devices and server cleanly on SIGINT/SIGTERM.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_CONFIG, EXIT_SOFTWARE, EXIT_USAGE, loadHostConfig } from './config.js';
import { parseCli, USAGE } from './options.js';
import { startHostServer } from './server.js';

export {
  startHostServer,
  injectToken,
  DEFAULT_RENDERER_DIR,
  type HostServerOptions,
  type RunningHostServer,
} from './server.js';
export { parseCli, USAGE, type CliOptions } from './options.js';
export { loadHostConfig, EXIT_CONFIG, EXIT_SOFTWARE, EXIT_USAGE, type ConfigLoad } from './config.js';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const parsed = parseCli(argv, env);
  if (parsed.kind === 'help') {
    console.log(USAGE);
    return;
  }
  if (parsed.kind === 'usage-error') {
    console.error(`${parsed.message}\n\n${USAGE}`);
    process.exit(EXIT_USAGE);
  }
  const options = parsed.options;
  const loaded = loadHostConfig(options);
  if (!loaded.ok) {
    console.error(loaded.message);
    console.error('终端未启动 / the terminal was not started.');
    process.exit(EXIT_CONFIG);
  }

  let server: Awaited<ReturnType<typeof startHostServer>>;
  try {
    server = await startHostServer({
      config: loaded.config,
      dataDir: options.dataDir,
      port: options.port,
      host: options.host,
    });
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    const why =
      error.code === 'EADDRINUSE'
        ? `port ${options.port} on ${options.host} is already in use`
        : error.message;
    console.error(`终端未启动 / the terminal was not started: ${why}`);
    process.exit(1);
  }

  const { config } = loaded;
  console.log(
    `一窗 Yichuang host ${config.terminal.id} (${config.terminal.profile}) listening on ${server.url}`,
  );
  console.log(`  config ${options.configPath}; data ${options.dataDir}; platform ${config.platform.url}`);
  if (options.host !== '127.0.0.1' && options.host !== 'localhost' && options.host !== '::1') {
    console.warn(`  warning: bound to ${options.host}, not loopback only`);
  }

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      console.error(`${signal} again: exiting without a clean stop`);
      process.exit(1);
    }
    console.log(`${signal}: stopping devices and server…`);
    const force = setTimeout(() => {
      console.error('clean stop took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(signal).then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`stop failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // A bug must not leave devices half-open: log, try a clean stop, exit non-zero (the service manager restarts us).
  process.on('uncaughtException', (error) => {
    console.error(`host fault: ${error.stack ?? error.message}`);
    const force = setTimeout(() => process.exit(EXIT_SOFTWARE), 5_000);
    force.unref();
    void server.close('fault').finally(() => process.exit(EXIT_SOFTWARE));
  });
}

function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(resolve(script)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  main(process.argv.slice(2), process.env).catch((e: unknown) => {
    console.error(`host failed to start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
