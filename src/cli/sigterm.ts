// Installed before anything else is loaded: Icinga 2 sends SIGTERM when its own
// timeout passes and SIGKILL a fraction of a second later, so the UNKNOWN line
// must be written synchronously, even while the bundle is still starting. Imported first by
// loader.ts, before the program is compiled, and by main.ts, which the standalone binary runs
// without the loader (the second handler never runs: the first exits).
// node:fs through process.getBuiltinModule, as everywhere in the bundle, so that it
// runs as CommonJS or as an ES module (see scripts/build-config.mjs).
const { writeSync } = process.getBuiltinModule('node:fs');

process.on('SIGTERM', () => {
  try {
    writeSync(1, 'SMTP DANE UNKNOWN - terminated by SIGTERM before the check finished\n');
  } finally {
    process.exit(3);
  }
});
