// `discover`'s LLD rows, and the JavaScript the templates run on the domain
// JSON: both must give the same rows for the same check, so the external-check
// template, the HTTP template and a hand-made LLD rule all discover alike.
import { expect } from 'chai';
import { domainJson } from '../../../src/render/json.ts';
import { lldRows, renderLld, undiscoverable, zabbixError } from '../../../src/render/zabbix-lld.ts';
import { LLD_ROWS_JS } from '../../../src/render/zabbix-preprocessing.ts';
import { cert, domain, host, judgedDomain, run, verifiedAddress } from '../nagios/fixtures.ts';
import { zabbixJs } from './zabbix-js.ts';


const good = domain('example.org', [
  host('mx1.example.org', 10, [verifiedAddress('192.0.2.1', [cert('mx1.example.org', 0, 60)]), verifiedAddress('2001:db8::1', [cert('mx1.example.org', 0, 60)])]),
  host('mx2.example.org', 20, [verifiedAddress('192.0.2.2', [cert('mx2.example.org', 0, 90)])]),
]);
const implicit = domain('implicit.example', [host('implicit.example', null, [verifiedAddress('192.0.2.9', [])])], { implicit_mx: true });
const nullMx = domain('nomail.example', [], { null_mx: true, dane_state: 'null-mx' });
const lookupFailed = domain('broken.example', [], { mx_dnssec_status: 'indeterminate', dane_state: 'indeterminate' });
const bogus = domain('bogus.example', [], { mx_dnssec_status: 'bogus', dane_state: 'bogus' });
// A bogus MX answer still names hosts (the check probes them, as the lab's mxbadsig.test shows): not to be discovered.
const bogusWithHosts = domain('bogushosts.example', [host('mx.bogushosts.example', 10, [verifiedAddress('192.0.2.7', [])])], {
  mx_dnssec_status: 'bogus',
  dane_state: 'bogus',
});
const failedWithHosts = domain('halfbroken.example', [host('mx.halfbroken.example', 10, [verifiedAddress('192.0.2.8', [])])], {
  mx_dnssec_status: 'indeterminate',
  dane_state: 'indeterminate',
});

describe('zabbix: LLD rows', () => {
  it('one row per MX host, each followed by one row per address, upper-case macros only', () => {
    const rows = lldRows(domainJson(judgedDomain(good, run())));
    expect(rows).to.deep.equal([
      { '{#DOMAIN}': 'example.org', '{#MXHOST}': 'mx1.example.org', '{#MXPREF}': 10 },
      { '{#DOMAIN}': 'example.org', '{#MXHOST}': 'mx1.example.org', '{#MXPREF}': 10, '{#MXADDR}': '192.0.2.1', '{#MXFAMILY}': 'ipv4' },
      { '{#DOMAIN}': 'example.org', '{#MXHOST}': 'mx1.example.org', '{#MXPREF}': 10, '{#MXADDR}': '2001:db8::1', '{#MXFAMILY}': 'ipv6' },
      { '{#DOMAIN}': 'example.org', '{#MXHOST}': 'mx2.example.org', '{#MXPREF}': 20 },
      { '{#DOMAIN}': 'example.org', '{#MXHOST}': 'mx2.example.org', '{#MXPREF}': 20, '{#MXADDR}': '192.0.2.2', '{#MXFAMILY}': 'ipv4' },
    ]);
    for (const row of rows) {
      for (const [k, v] of Object.entries(row)) {
        expect(k).to.match(/^\{#[A-Z0-9_.]+\}$/);
        // Zabbix accepts strings, numbers and booleans only.
        expect(['string', 'number', 'boolean']).to.include(typeof v);
      }
    }
  });

  it('the implicit MX has preference 0 (RFC 5321 §5.1), never null', () => {
    expect(lldRows(domainJson(judgedDomain(implicit, run())))[0]).to.deep.equal({ '{#DOMAIN}': 'implicit.example', '{#MXHOST}': 'implicit.example', '{#MXPREF}': 0 });
  });

  it('a proven empty list (Null MX) is an empty array, the plain-array LLD form', () => {
    expect(renderLld(domainJson(judgedDomain(nullMx, run())))).to.equal('[]\n');
  });

  it('a failed or bogus MX lookup is an error, not a list, whatever hosts it named (Zabbix would drop or add items)', () => {
    for (const d of [lookupFailed, bogus, bogusWithHosts, failedWithHosts]) {
      const why = undiscoverable(domainJson(judgedDomain(d, run())));
      expect(why).to.equal(`cannot discover the MX hosts of ${d.domain}: the MX lookup is ${d.mx_dnssec_status}`);
      expect(JSON.parse(renderLld(domainJson(judgedDomain(d, run()))))).to.deep.equal({ error: why });
    }
  });

  it('the error document is one JSON line with one field', () => {
    const text = zabbixError('bad\n  thing\r\nhere ');
    expect(text).to.equal('{"error":"bad thing here"}\n');
  });

  describe("the templates' discovery JavaScript gives the same rows", () => {
    for (const [what, d] of [
      ['two hosts, three addresses', good],
      ['the implicit MX', implicit],
      ['a Null MX', nullMx],
    ] as const) {
      it(what, () => {
        const json = domainJson(judgedDomain(d, run()));
        // Through a JSON round trip, as Zabbix gets it.
        expect(JSON.parse(zabbixJs(LLD_ROWS_JS, JSON.stringify(json)))).to.deep.equal(lldRows(json));
      });
    }
    it('and throws the same message for an undiscoverable domain', () => {
      for (const d of [lookupFailed, bogus, bogusWithHosts, failedWithHosts]) {
        const json = domainJson(judgedDomain(d, run()));
        expect(() => zabbixJs(LLD_ROWS_JS, JSON.stringify(json))).to.throw(undiscoverable(json)!);
      }
    });
  });
});
