// One install recipe: copy the one file into the plugin directory, then run a real check.
// README, the guides and the template comments give the same two lines, word for word
// (after a PLUGIN_DIR= line naming each system's directory and the MX_HOST= line naming the
// host to check, which test/e2e/docs-install.test.ts points at the lab). The check is a `host`
// check: --version and --help exit 3 (UNKNOWN) under the plugin convention, so they prove nothing.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

const RECIPE = [
  'install -m 0755 dist/smtp-dane-verify "$PLUGIN_DIR/smtp-dane-verify"   # or dist/smtp-dane-verify-linux-x64, the standalone binary',
  '"$PLUGIN_DIR/smtp-dane-verify" host "$MX_HOST"; echo "exit $?"   # a real check: exit 0 when its DANE holds',
];

const MX_HOST = 'MX_HOST=mail2.ietf.org               # an SMTP server with DANE: one of yours, or this public one';

const PLACES = [
  'README.md',
  'docs/install.md',
  'docs/nagios.md',
  'docs/zabbix.md',
  'templates/icinga2/smtp-dane.conf',
  'templates/nagios/smtp-dane.cfg',
];

/** Lines without the comment markers templates put in front of them. */
function lines(path: string): string[] {
  return readFileSync(new URL(path, ROOT), 'utf8')
    .split('\n')
    .map((l) => l.replace(/^\s*(#|\*) ?/, ''));
}

describe('the install recipe', () => {
  for (const place of PLACES) {
    it(`${place} gives it word for word, after a PLUGIN_DIR= and an MX_HOST= line`, () => {
      const text = lines(place);
      const at = text.indexOf(RECIPE[0]!);
      expect(at, `${place} lacks: ${RECIPE[0]}`).to.be.greaterThan(0);
      expect(text[at + 1]).to.equal(RECIPE[1]);
      const before = text.slice(0, at).reverse();
      expect(before.find((l) => l.startsWith('PLUGIN_DIR='))).to.match(/^PLUGIN_DIR=\/(usr\/lib\/nagios\/plugins|etc\/zabbix\/externalscripts)\b/);
      expect(before.find((l) => l.startsWith('MX_HOST='))).to.equal(MX_HOST);
    });
  }

  it('no guide still copies a lib/ directory or checks an install with --version', () => {
    for (const place of PLACES) {
      const text = readFileSync(new URL(place, ROOT), 'utf8');
      expect(text, place).not.to.match(/dist\/lib|dist\/package\.json|cp -r dist/);
      expect(text, place).not.to.match(/smtp-dane-verify --version\s*$/m);
    }
  });
});
