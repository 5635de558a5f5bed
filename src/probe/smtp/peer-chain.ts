// Fallback chain source, used only when the Certificate message cannot be read
// from the captured handshake (server-handshake.ts).
//
// What node's getPeerCertificate(true) really returns (src/crypto/crypto_common.cc,
// AddIssuerChainToObject + GetLastIssuedCert, checked on node 20):
//   - the leaf, then whichever sent certificates X509_check_issued links to it, one
//     after another: issuer order, not the order sent; strays and duplicates dropped;
//   - the walk also stops early when an issuer sits last among the certificates not
//     yet used (the loop's "not found" test runs after the deletion), so for
//     leaf, root, intermediate it returns leaf, intermediate: the root is lost;
//   - then issuers looked up in the context's trust store (the default Mozilla roots,
//     or `ca`) are appended until a self-issued certificate: not sent by the server.
// So the probe passes `ca: [PLACEHOLDER_TRUST_ANCHOR]`: a store of one certificate
// whose private key was discarded when it was made, which nothing real chains to
// (and which is dropped here should a forged issuer name link to it anyway).
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';

export const PLACEHOLDER_TRUST_ANCHOR = `-----BEGIN CERTIFICATE-----
MIIB/zCCAaWgAwIBAgIUPrHyG6cZKhEWxrBo+2zdEqewndQwCgYIKoZIzj0EAwIw
VDEeMBwGA1UECgwVcHJpdmF0ZSBrZXkgZGlzY2FyZGVkMTIwMAYDVQQDDClzbXRw
LWRhbmUtdmVyaWZ5IHBsYWNlaG9sZGVyIHRydXN0IGFuY2hvcjAgFw0yNjExMjkw
MDI1MDlaGA8yMTI2MTEwNTAwMjUwOVowVDEeMBwGA1UECgwVcHJpdmF0ZSBrZXkg
ZGlzY2FyZGVkMTIwMAYDVQQDDClzbXRwLWRhbmUtdmVyaWZ5IHBsYWNlaG9sZGVy
IHRydXN0IGFuY2hvcjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNtMPAdREVnV
PaMCzLgVWq+iAjyS8c8DH61VOx0E2p19jKX4qMz3cpQyGE3QSj89EI/srsRb0YXS
YubFHmFdccKjUzBRMB0GA1UdDgQWBBSzpUvhQG+H9eA8B25PKczb6COtPjAfBgNV
HSMEGDAWgBSzpUvhQG+H9eA8B25PKczb6COtPjAPBgNVHRMBAf8EBTADAQH/MAoG
CCqGSM49BAMCA0gAMEUCIQCFpK5iD2ANZ4hHYc0QMYwWqCzC4S0u/di7Id7IacW5
DQIgN1kOds2lbftTvb1MFzKwR/kAAlhScqSxIUdwzlYkX4o=
-----END CERTIFICATE-----
`;

const placeholderDer = new X509Certificate(PLACEHOLDER_TRUST_ANCHOR).raw;

/** The issuer walk node built, leaf first, as DER; stops on its self-loop. */
export function chainFromPeerCertificate(socket: TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<DetailedPeerCertificate>();
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  // An empty object means no certificate; a self-issued one points to itself.
  while (cert?.raw && !seen.has(cert)) {
    seen.add(cert);
    if (!cert.raw.equals(placeholderDer)) chain.push(Buffer.from(cert.raw));
    cert = cert.issuerCertificate;
  }
  return chain;
}
