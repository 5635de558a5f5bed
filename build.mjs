// Bundles src/ into dist/smtp-dane-verify: one executable file with everything in it and no
// run-time node_modules. An install copies that file alone (see docs/install.md).
// The esbuild options are scripts/build-config.mjs, shared with the standalone binary.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { programBuild } from './scripts/build-config.mjs';

const EXECUTABLE = 'dist/smtp-dane-verify';

// What earlier builds left: the split program and the package.json that typed the launcher.
await rm('dist/lib', { recursive: true, force: true });
await rm('dist/package.json', { force: true });

await build({ ...programBuild, outfile: EXECUTABLE });
await chmod(EXECUTABLE, 0o755);
