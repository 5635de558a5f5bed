// The built executable against the real lab: every scenario's domain and host
// states, and the fields that prove each RFC 7672 rule was applied. In the
// default mode (validate) through the lab's NON-validating resolver, as on a
// host without a validating one; dnssec-scenarios.test.ts compares the modes.
import { expect } from 'chai';
import { SCENARIOS, scenario } from '../lab/scenarios.ts';
import { useLab } from './lab-hooks.ts';
import { runDistJson } from '../support/run-dist.ts';
import { validateArgs } from '../support/lab-dnssec.ts';

describe('e2e: dist/smtp-dane-verify against the lab', function () {
  this.timeout(120_000);
  let labArgs: string[];
  const results = new Map<string, any>();

  before(async () => {
    labArgs = validateArgs(await useLab());
    // All scenarios at once: they are independent, and this is also a fan-out test of the lab.
    await Promise.all(
      SCENARIOS.map(async (s) => {
        const { json } = await runDistJson(['domain', s.domain, ...labArgs, '-t', '30']);
        results.set(s.domain, json);
      }),
    );
  });

  for (const s of SCENARIOS) {
    it(`${s.domain} is ${s.expected} (${s.comment})`, () => {
      const json = results.get(s.domain);
      expect(json.domain).to.equal(s.domain);
      expect(json.dane_state, JSON.stringify(json.diagnostics)).to.equal(s.expected);
      expect(json.all_hosts_dane_verified).to.equal(s.expected === 'verified');
      expect(json.mx_hosts.map((h: any) => h.hostname)).to.deep.equal(s.hosts.map((h) => h.name));
      for (const [i, h] of s.hosts.entries()) {
        const got = json.mx_hosts[i];
        expect(got.dane_state, `${h.name}: ${JSON.stringify(got.diagnostics)}`).to.equal(h.expected);
        expect(got.preference).to.equal(h.preference);
        expect(got.host_dane_verified).to.equal(h.expected === 'verified');
        if (['verified', 'partial', 'failed', 'unreachable'].includes(h.expected)) {
          expect(got.tlsa_base_domain).to.equal(h.tlsaBase);
          expect(got.addresses.map((a: any) => a.address).sort()).to.deep.equal([...h.addresses].sort());
        }
      }
    });
  }

  it('good.test: DANE-EE at depth 0 on mx1, DANE-TA at depth 1 on mx2, both address families', () => {
    const json = results.get('good.test');
    expect(json.dnssec_valid).to.equal(true);
    const [mx1, mx2] = json.mx_hosts;
    expect(mx1.addresses.map((a: any) => a.family).sort()).to.deep.equal(['ipv4', 'ipv6']);
    for (const a of mx1.addresses) {
      expect(a.matched_usage).to.equal('DANE-EE');
      expect(a.matched_depth).to.equal(0);
      expect(a.tls.protocol).to.match(/^TLSv1\.[23]$/);
    }
    expect(mx2.addresses[0].matched_usage).to.equal('DANE-TA');
    expect(mx2.addresses[0].matched_depth).to.equal(1);
    expect(mx2.addresses[0].certificates).to.have.length(2);
    // The original service's fields, with their meaning.
    expect(mx1.dnssec_status).to.equal('secure');
    expect(mx1.openssl_verification).to.equal('OK');
    expect(mx1.openssl_return_code).to.equal(0);
    expect(mx1.peer_certificate).to.match(/^CN = /);
    expect(mx1.tlsa_resource_records[0]).to.match(/^3 1 1 [0-9a-f]{64}$/);
    expect(mx1.log_messages[0]).to.equal('CONNECTION ESTABLISHED');
    expect(mx1.log_messages.join('\n')).to.match(/DANE TLSA 3 1 1 \.\.\.[0-9a-f]{24} matched EE certificate at depth 0/);
    expect(mx1.ciphersuite).to.match(/^TLS_/);
    expect(mx2.signature_type).to.be.oneOf(['RSA-PSS', 'RSA']);
    // DNS economy: each (name, type) once, the chain of trust included: DNSKEY of ., test. and
    // good.test., DS of test. and good.test. (the lab root's DS is the trust anchor).
    expect(json.run.dns_queries).to.deep.equal({ total: 12, by_type: { MX: 1, A: 2, AAAA: 2, TLSA: 2, DS: 2, DNSKEY: 3 } });
  });

  it('cname.test: TLSA base domain and SNI are the CNAME target (RFC 7672 §2.3)', () => {
    const host = results.get('cname.test').mx_hosts[0];
    expect(host.hostname).to.equal('mail.cname.test');
    expect(host.tlsa_base_domain).to.equal('mx.provider.test');
    expect(host.tlsa_name).to.equal('_25._tcp.mx.provider.test');
    expect(host.diagnostics.map((d: any) => d.code)).to.include('HOST_CNAME');
    expect(host.addresses[0].match.matchedName).to.equal('mx.provider.test');
  });

  it('eeexpired.test passes with a note; taexpired.test fails on the expired chain', () => {
    const ee = results.get('eeexpired.test').mx_hosts[0];
    expect(ee.diagnostics.map((d: any) => d.code)).to.include('DANE_EE_DATES_IGNORED');
    const ta = results.get('taexpired.test').mx_hosts[0];
    expect(ta.addresses[0].match.outcome).to.equal('cert-expired');
    expect(ta.diagnostics.map((d: any) => d.code)).to.include('CHAIN_EXPIRED');
  });

  it('wrongname.test fails with a DANE-TA name mismatch naming the reference identifiers', () => {
    const host = results.get('wrongname.test').mx_hosts[0];
    expect(host.addresses[0].match.outcome).to.equal('name-mismatch');
    expect(host.addresses[0].match.referenceIdentifiers).to.deep.equal(['mx.wrongname.test', 'wrongname.test']);
    expect(host.openssl_return_code).to.equal(62);
  });

  it('mismatch.test and nostarttls.test name what failed, at which stage', () => {
    const mismatch = results.get('mismatch.test').mx_hosts[0];
    expect(mismatch.diagnostics.map((d: any) => d.code)).to.include('TLSA_MISMATCH');
    expect(mismatch.openssl_return_code).to.equal(65);
    const nostarttls = results.get('nostarttls.test').mx_hosts[0];
    expect(nostarttls.addresses[0].starttls_offered).to.equal(false);
    expect(nostarttls.addresses[0].stage).to.equal('ehlo');
    expect(nostarttls.diagnostics.map((d: any) => d.code)).to.include('STARTTLS_NOT_OFFERED');
  });

  it('unreachable.test stops at the connect stage', () => {
    const address = results.get('unreachable.test').mx_hosts[0].addresses[0];
    expect(address.stage).to.equal('connect');
    expect(address.dane_state).to.equal('unreachable');
  });

  it('bogus zones are bogus, never "no DANE"; the lame delegation is indeterminate', () => {
    for (const d of ['expired.test', 'badds.test']) {
      expect(results.get(d).mx_dnssec_status).to.equal('bogus');
      expect(results.get(d).diagnostics.map((x: any) => x.code)).to.include('MX_BOGUS');
    }
    const tlsabogus = results.get('tlsabogus.test').mx_hosts[0];
    expect(tlsabogus.diagnostics.map((x: any) => x.code)).to.include('TLSA_BOGUS');
    expect(results.get('lame.test').diagnostics.map((x: any) => x.code)).to.include('MX_LOOKUP_FAILED');
  });

  it('nullmx.test, implicit.test, notlsa.test, unusable.test, unsigned.test say why', () => {
    expect(results.get('nullmx.test').null_mx).to.equal(true);
    expect(results.get('nullmx.test').mx_hosts).to.deep.equal([]);
    expect(results.get('implicit.test').implicit_mx).to.equal(true);
    expect(results.get('implicit.test').mx_hosts[0].preference).to.equal(null);
    expect(results.get('notlsa.test').mx_hosts[0].diagnostics.map((d: any) => d.code)).to.include('TLSA_ABSENT');
    expect(results.get('notlsa.test').dnssec_valid).to.equal(true);
    const unusable = results.get('unusable.test').mx_hosts[0];
    expect(unusable.diagnostics.map((d: any) => d.code)).to.include('TLSA_UNUSABLE');
    expect(unusable.usable_tlsa_records).to.deep.equal([]);
    expect(results.get('unsigned.test').mx_dnssec_status).to.equal('insecure');
    expect(results.get('unsigned.test').diagnostics.map((d: any) => d.code)).to.include('MX_INSECURE');
  });

  it('host checks: the /verify_host/ shape, verified and failed', async () => {
    const { json: ok } = await runDistJson(['host', 'mx1.good.test', ...labArgs]);
    expect(ok.hostname).to.equal('mx1.good.test');
    expect(ok.host_dane_verified).to.equal(true);
    expect(ok.dane_state).to.equal('verified');
    expect(ok.preference).to.equal(null);
    const { json: bad } = await runDistJson(['host', '-H', 'mx.mismatch.test', ...labArgs]);
    expect(bad.dane_state).to.equal('failed');
  });

  it('-4 and -6 restrict the address families', async () => {
    const { json: v4 } = await runDistJson(['host', 'mx1.good.test', ...labArgs, '-4']);
    expect(v4.addresses.map((a: any) => a.family)).to.deep.equal(['ipv4']);
    const { json: v6 } = await runDistJson(['host', 'mx1.good.test', ...labArgs, '-6']);
    expect(v6.addresses.map((a: any) => a.family)).to.deep.equal(['ipv6']);
  });

  it('multi.test: all 8 MX hosts are probed and verified', () => {
    const json = results.get('multi.test');
    expect(json.mx_hosts).to.have.length(scenario('multi.test').hosts.length);
    expect(json.mx_hosts.every((h: any) => h.addresses[0].dane_state === 'verified')).to.equal(true);
  });
});
