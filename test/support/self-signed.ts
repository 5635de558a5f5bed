// Certificates made by a second tool: the openssl command line (argument arrays
// only, never a shell string), once per test run, in a mkdtemp directory that is
// removed when the process exits. Every other test uses the one test PKI,
// pki.ts (@peculiar/x509). This exists only where the tool is the point:
//   - test/unit/verdict/certificate/agreement.test.ts, where the product's parser
//     and @peculiar/x509 must agree on certificates that @peculiar/x509 did not
//     make (OpenSSL's encoder: its DER choices, string types and extensions).
// The product itself never runs openssl.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCert {
  pem: string;
  keyPem: string;
  /** DER in base64, the form SmtpEvidence uses. */
  derBase64: string;
  subject: string;
}

export interface TestPki {
  root: TestCert; // self-signed CA
  intermediate: TestCert; // CA signed by root
  leaf: TestCert; // mx.example.test, signed by intermediate
  selfSigned: TestCert; // a plain self-signed server certificate (RSA)
  /** An unrelated self-signed CA, to put certificates in a chain that link to nothing. */
  stray: TestCert;
}

const CA_EXT = [
  'basicConstraints=critical,CA:TRUE',
  'keyUsage=critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
].join('\n');

const LEAF_EXT = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage=serverAuth',
  'subjectAltName=DNS:mx.example.test',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
].join('\n');

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

let cached: Promise<TestPki> | undefined;

/** The openssl-made certificates, generated on first use and shared by every test in this process. */
export function opensslPki(): Promise<TestPki> {
  cached ??= generate();
  return cached;
}

async function generate(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-dane-verify-pki-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string) => join(dir, name);
  writeFileSync(file('ca.ext'), CA_EXT);
  writeFileSync(file('leaf.ext'), LEAF_EXT);

  const selfSignedCa = async (name: string, cn: string, key: string[]) => {
    await run('openssl', [
      'req', '-x509', ...key, '-nodes', '-days', '3650', '-subj', `/CN=${cn}`,
      '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`),
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature,keyEncipherment',
      '-addext', `subjectAltName=DNS:${cn.toLowerCase().replace(/\s+/g, '-')}.example.test`,
    ]);
  };
  const signed = async (name: string, cn: string, issuer: string, ext: string, serial: string) => {
    await run('openssl', [
      'req', '-new', ...EC_KEY, '-nodes', '-subj', `/CN=${cn}`,
      '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`),
    ]);
    await run('openssl', [
      'x509', '-req', '-in', file(`${name}.csr`), '-days', '3650', '-set_serial', serial,
      '-CA', file(`${issuer}.pem`), '-CAkey', file(`${issuer}.key`),
      '-extfile', file(ext), '-out', file(`${name}.pem`),
    ]);
  };

  await Promise.all([
    selfSignedCa('root', 'Test Root', EC_KEY),
    selfSignedCa('self', 'Self Signed', ['-newkey', 'rsa:2048']),
    selfSignedCa('stray', 'Stray CA', EC_KEY),
  ]);
  await signed('intermediate', 'Test Intermediate', 'root', 'ca.ext', '2');
  await signed('leaf', 'mx.example.test', 'intermediate', 'leaf.ext', '3');

  const load = (name: string): TestCert => {
    const pem = readFileSync(file(`${name}.pem`), 'utf8');
    const x509 = new X509Certificate(pem);
    return {
      pem,
      keyPem: readFileSync(file(`${name}.key`), 'utf8'),
      derBase64: x509.raw.toString('base64'),
      subject: x509.subject,
    };
  };
  return {
    root: load('root'),
    intermediate: load('intermediate'),
    leaf: load('leaf'),
    selfSigned: load('self'),
    stray: load('stray'),
  };
}
