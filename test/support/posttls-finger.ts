// Postfix's posttls-finger (3.7) as an independent DANE client: its argument
// array, the overrides that make it ask for one key algorithm's certificate,
// and what its log lines say about the one session it made. It reads the system
// resolver: run it through lab-resolver-namespace.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGALGS, type KeyAlgorithm } from './key-algorithm-sigalgs.ts';

export const POSTTLS_FINGER = '/usr/sbin/posttls-finger';

/**
 * DANE mode (`-l dane`), no SMTP chat summary (`-c`), the system CA path for
 * the PKIX fallback it never gets here; `options` go before the destination.
 * `[host]` skips the MX lookup, a bare domain does it.
 */
export function posttlsFingerArgs(destination: string, options: readonly string[] = []): string[] {
  return ['-t', '30', '-T', '30', '-c', '-l', 'dane', '-P', '/etc/ssl/certs', ...options, destination];
}

/** `-L` with `dane`: also log the TLSA records it got ("DNSSEC-signed TLSA record: …"). */
export const LOG_TLSA_RECORDS = ['-L', 'routine,certmatch,dane'] as const;

/**
 * `-o` overrides that make posttls-finger offer only `algorithm`'s signature
 * schemes. Postfix (3.7.6 and later) loads tls_config_file into OpenSSL, whose
 * ssl_conf "system_default" section applies to every SSL_CTX it makes; the
 * cipher lists (tls_high_cipherlist) choose the certificate only in TLS 1.2
 * and only between RSA and ECDSA. The file is written to `dir`.
 */
export function offerOnly(dir: string, algorithm: KeyAlgorithm): string[] {
  const file = join(dir, `sigalgs-${algorithm}.cnf`);
  const config = ['openssl_conf = init', '[init]', 'ssl_conf = ssl', '[ssl]', 'system_default = offer', '[offer]', `SignatureAlgorithms = ${SIGALGS[algorithm]}`];
  writeFileSync(file, `${config.join('\n')}\n`);
  return ['-o', `tls_config_file=${file}`];
}

/**
 * How the session ended: "Verified" (DANE matched), "Trusted"/"Untrusted"/
 * "Anonymous" TLS (no DANE match), the handshake failed ("SSL_connect error"),
 * or no TLS line at all.
 */
export type PosttlsFingerTrust = 'verified' | 'trusted' | 'untrusted' | 'anonymous' | 'handshake-failed' | 'no-tls';

export interface PosttlsFingerSession {
  trust: PosttlsFingerTrust;
  /** "TLSv1.3" */
  protocol: string | null;
  /** The key algorithm of the certificate the server signed with (TLS 1.3 "server-signature", TLS 1.2 the cipher's). */
  keyAlgorithm: KeyAlgorithm | null;
  /** The leaf certificate's SHA-256, lower-case hex. */
  fingerprint: string | null;
  /** "Matched DANE EE|TA certificate at depth N: u s m HEX" (the first record that matched), data in lower case. */
  matched: { record: string; depth: number } | null;
  /** "server certificate verification failed for …: num=65:no matching DANE TLSA records" → the reason. */
  verificationFailure: string | null;
  /** "DNSSEC-signed TLSA record: …" (with LOG_TLSA_RECORDS), data in lower case. */
  tlsaRecords: string[];
}

const TRUST: Record<string, PosttlsFingerTrust> = { Verified: 'verified', Trusted: 'trusted', Untrusted: 'untrusted', Anonymous: 'anonymous' };

function keyAlgorithmOf(established: string): KeyAlgorithm | null {
  const signature = / server-signature (\S+)/.exec(established)?.[1];
  if (signature) return /^RSA/.test(signature) ? 'rsa' : signature === 'ECDSA' ? 'ecdsa' : signature === 'ED25519' ? 'ed25519' : null;
  const cipher = / with cipher (\S+)/.exec(established)?.[1] ?? '';
  return /-ECDSA-/.test(cipher) ? 'ecdsa' : /-RSA-/.test(cipher) ? 'rsa' : null;
}

/** A record as posttls-finger prints it ("3 1 1 5A14…") in the form the product prints it ("3 1 1 5a14…"). */
const record = (text: string): string => text.trim().replace(/[0-9A-F]+$/, (hex) => hex.toLowerCase());

export function parsePosttlsFinger(output: string): PosttlsFingerSession {
  const established = /: (Verified|Trusted|Untrusted|Anonymous) TLS connection established to (.+)$/m.exec(output);
  const matched = /: Matched DANE (?:EE|TA) certificate at depth (\d+): (\d+ \d+ \d+ [0-9A-F]+)$/m.exec(output);
  const fingerprint = /, fingerprint=([0-9A-F:]+)/.exec(output)?.[1];
  return {
    trust: established ? TRUST[established[1]!]! : /SSL_connect error/.test(output) ? 'handshake-failed' : 'no-tls',
    protocol: established ? (/: (TLSv[\d.]+) with cipher/.exec(established[2]!)?.[1] ?? null) : null,
    keyAlgorithm: established ? keyAlgorithmOf(established[2]!) : null,
    fingerprint: fingerprint ? fingerprint.replaceAll(':', '').toLowerCase() : null,
    matched: matched ? { depth: Number(matched[1]), record: record(matched[2]!) } : null,
    verificationFailure: /server certificate verification failed for \S+: (.+)$/m.exec(output)?.[1] ?? null,
    tlsaRecords: [...output.matchAll(/: DNSSEC-signed TLSA record: [^:]+: (\d+ \d+ \d+ [0-9A-F]+)$/gm)].map((m) => record(m[1]!)),
  };
}
