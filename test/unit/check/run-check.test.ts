// The walk and the verdicts together, over a declarative zone and scripted SMTP
// sessions: mandatory and forbidden diagnostic codes per scenario, each
// (name, type) asked once, addresses probed concurrently.
import { expect } from 'chai';
import { runCheck, type CheckOutcome } from '../../../src/app/run-check.ts';
import { diagnosticMessage } from '../../../src/verdict/diagnostics.ts';
import { checkRequest } from '../../support/check-request.ts';
import { fakeDeps, type SmtpScript, type Zone } from '../../support/fake-deps.ts';
import { renderNagios } from '../../../src/render/nagios.ts';
import { domainJson } from '../../../src/render/json.ts';
import { metricSamples } from '../../../src/render/metrics-samples.ts';
import { CUT_OFF_JS } from '../../../src/render/zabbix-preprocessing.ts';
import { makeChain, tlsaFor, type TestChain } from '../../support/pki.ts';
import { a, aaaa, mx, tlsa } from '../../support/records.ts';

function codes(outcome: CheckOutcome): string[] {
  if (outcome.kind === 'host') return outcome.result.diagnostics.map((d) => d.code);
  return [...outcome.result.diagnostics, ...outcome.result.hosts.flatMap((h) => h.diagnostics)].map((d) => d.code);
}

describe('runCheck over fake Deps', () => {
  let chain: TestChain;
  let other: TestChain;
  before(async () => {
    chain = await makeChain({ dnsNames: ['mx1.example.org'] });
    other = await makeChain({ dnsNames: ['mx1.example.org'] });
  });

  const goodZone = (): Zone => ({
    'example.org': { MX: { records: [mx(20, 'mx2.example.org'), mx(10, 'mx1.example.org'), mx(30, 'MX1.example.org.')] } },
    'mx1.example.org': { A: { records: [a('192.0.2.1')] }, AAAA: { records: [aaaa('2001:db8::1')] } },
    '_25._tcp.mx1.example.org': { TLSA: { records: [tlsa(tlsaFor(chain.leaf, 3, 1, 1))] } },
    'mx2.example.org': { A: { records: [a('192.0.2.2')] } },
    '_25._tcp.mx2.example.org': { TLSA: { records: [tlsa(tlsaFor(chain.intermediate, 2, 1, 1))] } },
  });

  it('sorts MX by preference, de-duplicates, and tests every address of every host', async () => {
    const sessions: Record<string, SmtpScript> = { '192.0.2.1': { chain: chain.sent }, '2001:db8::1': { chain: chain.sent }, '192.0.2.2': { chain: chain.sent } };
    const { deps, dns, smtp } = fakeDeps(goodZone(), sessions);
    const outcome = await runCheck(deps, checkRequest('domain', 'example.org'));
    expect(outcome.kind).to.equal('domain');
    if (outcome.kind !== 'domain') return;
    expect(outcome.result.dane_state).to.equal('partial');
    expect(outcome.result.hosts.map((h) => [h.hostname, h.preference])).to.deep.equal([
      ['mx1.example.org', 10],
      ['mx2.example.org', 20],
    ]);
    expect(outcome.result.hosts[0]!.addresses.map((x) => x.dane_state)).to.deep.equal(['verified', 'verified']);
    // DANE-TA on mx2: the leaf names mx1 only, so the name check must fail there.
    expect(outcome.result.hosts[1]!.dane_state).to.equal('failed');
    expect(codes(outcome)).to.include('NAME_MISMATCH');
    // Each (name, type) once.
    expect(new Set(dns.calls).size).to.equal(dns.calls.length);
    // One default session per address, then RSA and Ed25519 asked for alone (the test leaves are ECDSA).
    const defaults = smtp.requests.filter((r) => r.keyAlgorithm === undefined);
    expect(defaults.map((r) => r.sni).sort()).to.deep.equal(['mx1.example.org', 'mx1.example.org', 'mx2.example.org']);
    expect(smtp.requests.filter((r) => r.keyAlgorithm !== undefined).map((r) => `${r.address} ${r.keyAlgorithm}`).sort()).to.deep.equal([
      '192.0.2.1 ed25519',
      '192.0.2.1 rsa',
      '192.0.2.2 ed25519',
      '192.0.2.2 rsa',
      '2001:db8::1 ed25519',
      '2001:db8::1 rsa',
    ]);
  });

  it('a mismatch on one address makes the host partial, and the domain too', async () => {
    const zone = goodZone();
    zone['example.org'] = { MX: { records: [mx(10, 'mx1.example.org')] } };
    const { deps } = fakeDeps(zone, { '192.0.2.1': { chain: chain.sent }, '2001:db8::1': { chain: other.sent } });
    const outcome = await runCheck(deps, checkRequest('domain', 'example.org'));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    expect(outcome.result.hosts[0]!.dane_state).to.equal('partial');
    expect(outcome.result.dane_state).to.equal('partial');
    expect(codes(outcome)).to.include.members(['TLSA_MATCHED', 'TLSA_MISMATCH']);
  });

  it('an insecure MX RRset makes the domain insecure but every host is still tested', async () => {
    const zone = goodZone();
    zone['example.org'] = { MX: { ad: false, records: [mx(10, 'mx1.example.org')] } };
    const { deps, smtp } = fakeDeps(zone, { '192.0.2.1': { chain: chain.sent }, '2001:db8::1': { chain: chain.sent } });
    const outcome = await runCheck(deps, checkRequest('domain', 'example.org'));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    expect(outcome.result.dane_state).to.equal('insecure');
    expect(outcome.result.hosts[0]!.dane_state).to.equal('verified');
    expect(smtp.requests).to.have.length(2);
    expect(codes(outcome)).to.include('MX_INSECURE');
  });

  it('a SERVFAIL answered with CD=1 is bogus; one without proof is indeterminate, never "no TLSA"', async () => {
    const zone = goodZone();
    zone['_25._tcp.mx1.example.org'] = { TLSA: { rcode: 'SERVFAIL', ad: false, checkingDisabledRcode: 'NOERROR' } };
    zone['_25._tcp.mx2.example.org'] = { TLSA: { rcode: 'SERVFAIL', ad: false, checkingDisabledRcode: 'SERVFAIL' } };
    const { deps } = fakeDeps(zone, {});
    const outcome = await runCheck(deps, checkRequest('domain', 'example.org'));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    expect(outcome.result.hosts.map((h) => h.dane_state)).to.deep.equal(['bogus', 'indeterminate']);
    expect(outcome.result.dane_state).to.equal('bogus');
    expect(codes(outcome)).to.include.members(['TLSA_BOGUS', 'TLSA_LOOKUP_FAILED']).and.not.include('TLSA_ABSENT');
  });

  it('behind a bogus MX RRset the hosts are still walked with the unvalidated records, and stay bogus', async () => {
    const zone = goodZone();
    const bogus = { rcode: 'SERVFAIL', ad: false, ede: [{ code: 7, text: 'signature expired' }] };
    zone['example.org'] = { MX: { ...bogus, unvalidated: [mx(10, 'mx1.example.org')] } };
    zone['mx1.example.org'] = { A: { ...bogus, unvalidated: [a('192.0.2.1')] }, AAAA: { ...bogus } };
    const { deps, smtp } = fakeDeps(zone, { '192.0.2.1': { chain: chain.sent } });
    const outcome = await runCheck(deps, checkRequest('domain', 'example.org'));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    expect(outcome.result.dane_state).to.equal('bogus');
    expect(outcome.result.hosts.map((h) => [h.hostname, h.dane_state])).to.deep.equal([['mx1.example.org', 'bogus']]);
    expect(smtp.requests.map((r) => r.address)).to.deep.equal(['192.0.2.1']);
    expect(outcome.result.hosts[0]!.addresses[0]!.tls?.protocol).to.equal('TLSv1.3');
    expect(codes(outcome)).to.include.members(['MX_BOGUS', 'HOST_ADDRESS_BOGUS', 'DNS_EXTENDED_ERROR']);
    // The resolver's remark names the RFC 8914 code, as the DNS classification does.
    const remarks = [...outcome.result.diagnostics, ...outcome.result.hosts.flatMap((h) => h.diagnostics)].filter((d) => d.code === 'DNS_EXTENDED_ERROR');
    expect(remarks.map(diagnosticMessage)).to.include('resolver said about mx1.example.org/A: EDE 7 Signature Expired (signature expired)');
  });

  it('Null MX, implicit MX and NXDOMAIN', async () => {
    const nullMx = fakeDeps({ 'example.org': { MX: { records: [mx(0, '.')] } } }, {});
    const n = await runCheck(nullMx.deps, checkRequest('domain', 'example.org'));
    expect(n.result.dane_state).to.equal('null-mx');
    expect(nullMx.smtp.requests).to.have.length(0);

    const implicit = fakeDeps(
      {
        'example.org': { A: { records: [a('192.0.2.9')] } },
        '_25._tcp.example.org': { TLSA: { records: [tlsa(tlsaFor(chain.leaf, 3, 1, 1))] } },
      },
      { '192.0.2.9': { chain: chain.sent } },
    );
    const i = await runCheck(implicit.deps, checkRequest('domain', 'example.org'));
    if (i.kind !== 'domain') throw new Error('domain expected');
    expect(i.result.implicit_mx).to.equal(true);
    expect(i.result.dane_state).to.equal('verified');

    const gone = fakeDeps({}, {});
    const g = await runCheck(gone.deps, checkRequest('domain', 'example.org'));
    expect(codes(g)).to.include('DOMAIN_NXDOMAIN');
  });

  it('a secure CNAME moves the TLSA base domain and the SNI to the target; the original name is the fallback', async () => {
    const target = await makeChain({ dnsNames: ['mx.provider.example'] });
    const zone: Zone = {
      'mail.example.org': {
        A: { cnameChain: ['mail.example.org', 'mx.provider.example'], records: [a('192.0.2.7')] },
        AAAA: { cnameChain: ['mail.example.org', 'mx.provider.example'], records: [] },
      },
      '_25._tcp.mx.provider.example': { TLSA: { records: [tlsa(tlsaFor(target.intermediate, 2, 1, 1))] } },
    };
    const { deps, smtp } = fakeDeps(zone, { '192.0.2.7': { chain: target.sent } });
    const outcome = await runCheck(deps, checkRequest('host', 'mail.example.org'));
    if (outcome.kind !== 'host') throw new Error('host expected');
    expect(outcome.result.tlsa_base_domain).to.equal('mx.provider.example');
    expect(smtp.requests[0]!.sni).to.equal('mx.provider.example');
    expect(outcome.result.dane_state).to.equal('verified');

    // Securely no TLSA at the target: the original name is tried next (RFC 7672 §2.3).
    delete zone['_25._tcp.mx.provider.example'];
    zone['mx.provider.example'] = {};
    zone['_25._tcp.mail.example.org'] = { TLSA: { records: [tlsa(tlsaFor(target.leaf, 3, 1, 1))] } };
    const fallback = fakeDeps(zone, { '192.0.2.7': { chain: target.sent } });
    const f = await runCheck(fallback.deps, checkRequest('host', 'mail.example.org'));
    expect(fallback.dns.calls).to.include.members(['_25._tcp.mx.provider.example/TLSA', '_25._tcp.mail.example.org/TLSA']);
    if (f.kind !== 'host') throw new Error('host expected');
    expect(f.result.tlsa_base_domain).to.equal('mail.example.org');
    expect(f.result.dane_state).to.equal('verified');
  });

  it('an insecure CNAME chain keeps the original name as the TLSA base domain', async () => {
    const zone: Zone = {
      'mail.example.org': { A: { ad: false, cnameChain: ['mail.example.org', 'mx.provider.example'], records: [a('192.0.2.7')] } },
    };
    const { deps, dns } = fakeDeps(zone, {});
    const outcome = await runCheck(deps, checkRequest('host', 'mail.example.org', { walk: { ipv6: false } }));
    expect(dns.calls).to.include('_25._tcp.mail.example.org/TLSA').and.not.include('_25._tcp.mx.provider.example/TLSA');
    expect(outcome.result.dane_state).to.equal('insecure');
  });

  it('probes addresses concurrently, bounded by smtpConcurrency', async () => {
    const zone: Zone = { 'example.org': { MX: { records: [] } } };
    const names = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `mx${i}.example.org`);
    zone['example.org'] = { MX: { records: names.map((n, i) => mx(i, n)) } };
    for (const [i, n] of names.entries()) {
      zone[n] = { A: { records: [a(`192.0.2.${i + 1}`)] } };
      zone[`_25._tcp.${n}`] = { TLSA: { records: [tlsa(tlsaFor(chain.leaf, 3, 1, 1))] } };
    }
    const { deps } = fakeDeps(zone, {});
    let inFlight = 0;
    let peak = 0;
    const scripted = deps.smtp;
    deps.smtp = {
      probe: async (req) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return scripted.probe(req);
      },
    };
    await runCheck(deps, checkRequest('domain', 'example.org'));
    expect(peak).to.equal(8);
    peak = 0;
    await runCheck(deps, checkRequest('domain', 'example.org', { walk: { smtpConcurrency: 3 } }));
    expect(peak).to.equal(3);
  });

  it('the deadline cancels what is still running and names it', async () => {
    const { deps } = fakeDeps(goodZone(), {});
    deps.smtp = {
      probe: (req) =>
        new Promise((resolve) => {
          req.signal?.addEventListener('abort', () =>
            resolve({
              address: req.address, family: 4, port: req.port, sni: req.sni, stage: 'banner',
              failure: { kind: 'cancelled', message: 'the run\'s time limit passed', reply: null },
              banner: null, ehlo: null, starttlsOffered: false, tls: null, ehloTls: null, elapsedMs: 50,
            }),
          );
        }),
    };
    const outcome = await runCheck(deps, checkRequest('domain', 'example.org', { deadlineMs: 50 }));
    expect(outcome.run.unfinished).to.have.length(3);
    expect(outcome.run.unfinished[0]).to.match(/^SMTP mx1\.example\.org 192\.0\.2\.1 at banner$/);
    expect(outcome.result.dane_state).to.equal('indeterminate');
    expect(codes(outcome)).to.include('PROBE_UNFINISHED');
  });

  it('a step that times out (a slow greeting) is unfinished: one judgement for Nagios, JSON, metrics and Zabbix', async () => {
    // mx1 greets too slowly on both addresses; mx2 is refused (unreachable, proven).
    const slow: SmtpScript = { stage: 'banner', failure: { kind: 'timeout', message: 'no banner within 700 ms', reply: null }, banner: null, ehlo: null, starttlsOffered: false, tls: null, ehloTls: null };
    const zone = goodZone();
    zone['example.org'] = { MX: { records: [mx(10, 'mx1.example.org')] } };
    const { deps } = fakeDeps(zone, { '192.0.2.1': slow, '2001:db8::1': slow });
    const outcome = await runCheck(deps, checkRequest('domain', 'example.org'));
    if (outcome.kind !== 'domain') throw new Error('domain expected');
    expect(outcome.run.unfinished).to.deep.equal([
      'SMTP mx1.example.org 192.0.2.1 at banner (no banner within 700 ms)',
      'SMTP mx1.example.org 2001:db8::1 at banner (no banner within 700 ms)',
    ]);
    expect(outcome.result.dane_state).to.equal('indeterminate');
    expect(outcome.result.hosts[0]!.addresses.map((x) => x.dane_state)).to.deep.equal(['indeterminate', 'indeterminate']);
    expect(codes(outcome)).to.include('PROBE_UNFINISHED').and.not.include('SMTP_UNREACHABLE');
    // Nagios: UNKNOWN (exit 3), the status line names the step.
    const nagios = renderNagios(outcome);
    expect(nagios.exitCode).to.equal(3);
    expect(nagios.text.split('\n')[0]).to.match(/^SMTP DANE UNKNOWN - example\.org: .*\(2 probes not finished before the time limit\)\|/);
    expect(nagios.text).to.include('[UNKNOWN] mx1.example.org 192.0.2.1: 1 probe not finished before the time limit: SMTP at banner (no banner within 700 ms)');
    // JSON and metrics: the same judged state.
    expect(domainJson(outcome).service_state).to.equal('UNKNOWN');
    const state = metricSamples({ version: 't', probe: null, targets: [{ kind: 'domain', name: 'example.org', outcome, lastAttemptAt: null, lastSuccessAt: null, lastDurationSeconds: null, lastAttemptComplete: false }] })
      .filter((m) => m.family === 'smtp_dane_verify_service_state' && m.value === 1)
      .map((m) => m.labels['state']);
    expect(state).to.deep.equal(['UNKNOWN']);
    // Zabbix's "ran out of time" item counts what the verdict counted.
    expect(new Function('value', CUT_OFF_JS)(JSON.stringify(domainJson(outcome)))).to.equal(2);
    // `--severity PROBE_UNFINISHED=critical` makes a slow server CRITICAL, applied once.
    const strict = await runCheck(fakeDeps(zone, { '192.0.2.1': slow, '2001:db8::1': slow }).deps, {
      ...checkRequest('domain', 'example.org'),
      judgement: { ...checkRequest('domain', 'example.org').judgement, severityPolicy: { PROBE_UNFINISHED: 'critical' } },
    });
    expect(strict.judgement.state).to.equal('CRITICAL');
  });
});
