// Every metric family the service exposes, with its HELP text and label names.
// The first eight are the original service's names; their HELP texts now say
// what the value really is (the original's total_tlsa_openssl_ok counted usable
// records, not verified ones, and its per-MX series had no domain label).
// All are gauges: promtool lints the 0.0.4 rendering, and blackbox_exporter
// likewise exposes info-like series as gauges.

export interface FamilySpec {
  help: string;
  labels: readonly string[];
}

export const METRIC_FAMILIES = {
  // The original's families, same names and labels (plus `domain` on per-MX series).
  smtp_dane_verify_version: {
    help: 'Information about the smtp-dane-verify version (always 1)',
    labels: ['version'],
  },
  smtp_dane_verify_all_hosts_dane_verified: {
    help: '1 when the domain is DANE verified: its MX RRset is DNSSEC-secure and every address of every MX host authenticated with a usable TLSA record',
    labels: ['domain'],
  },
  smtp_dane_verify_dnssec_valid: {
    help: '1 when the MX answer and every MX host\'s address and TLSA lookups are DNSSEC-secure (a securely proven absence of TLSA counts as secure)',
    labels: ['domain'],
  },
  smtp_dane_verify_total_mx: {
    help: 'Number of MX hosts tested for the domain (de-duplicated; 1 for an implicit MX, 0 for a Null MX)',
    labels: ['domain'],
  },
  smtp_dane_verify_total_tlsa_openssl_ok: {
    help: 'Number of TLSA records, summed over the MX hosts, that authenticated the certificate chain of at least one address',
    labels: ['domain'],
  },
  smtp_dane_verify_num_tlsa: {
    help: 'Number of TLSA records published for the MX host',
    labels: ['domain', 'mx'],
  },
  smtp_dane_verify_num_tlsa_dane_ta: {
    help: 'Number of DANE-TA TLSA records (usage 2) published for the MX host',
    labels: ['domain', 'mx'],
  },
  smtp_dane_verify_num_tlsa_dane_ee: {
    help: 'Number of DANE-EE TLSA records (usage 3) published for the MX host',
    labels: ['domain', 'mx'],
  },
  // Ours.
  smtp_dane_verify_dane_state: {
    help: 'The domain\'s dane_state: 1 for the current state, 0 for the others',
    labels: ['domain', 'state'],
  },
  smtp_dane_verify_host_dane_verified: {
    help: '1 when every address of the MX host authenticated with a usable TLSA record over DNSSEC-secure lookups (host_dane_verified)',
    labels: ['domain', 'mx'],
  },
  smtp_dane_verify_host_dane_state: {
    help: 'The MX host\'s dane_state: 1 for the current state, 0 for the others',
    labels: ['domain', 'mx', 'state'],
  },
  smtp_dane_verify_service_state: {
    help: 'The domain\'s state as the Nagios plugin decides it (OK, WARNING, CRITICAL, UNKNOWN): 1 for the current state, 0 for the others',
    labels: ['domain', 'state'],
  },
  smtp_dane_verify_host_service_state: {
    help: 'The MX host\'s decided state (OK, WARNING, CRITICAL, UNKNOWN): 1 for the current state, 0 for the others',
    labels: ['domain', 'mx', 'state'],
  },
  smtp_dane_verify_host_cert_expiry_state: {
    help: 'The decided state of the MX host\'s certificate expiry (OK, WARNING, CRITICAL; an expiring DANE-EE-only leaf is WARNING): 1 for the current state, 0 for the others',
    labels: ['domain', 'mx', 'state'],
  },
  smtp_dane_verify_host_rollover_state: {
    help: 'Whether the MX host\'s TLSA records survive a change of its key (RFC 7671 §8.1: ready, not-ready, n/a): 1 for the current state, 0 for the others',
    labels: ['domain', 'mx', 'state'],
  },
  smtp_dane_verify_host_tlsa_ttl_seconds: {
    help: 'TTL of the MX host\'s TLSA RRset as the resolver answered it; publish a new record at least two TTLs before the key changes',
    labels: ['domain', 'mx'],
  },
  smtp_dane_verify_rrsig_expiry_state: {
    help: 'The decided state of the DNSSEC signatures every answer used rests on (WARNING below a fifth of a signature\'s validity left, CRITICAL below a tenth or within its RRset\'s TTL): 1 for the current state, 0 for the others',
    labels: ['domain', 'mx', 'state'],
  },
  smtp_dane_verify_host_rrsig_expiry_state: {
    help: 'The decided state of the DNSSEC signatures the MX host\'s A, AAAA and TLSA answers rest on: 1 for the current state, 0 for the others',
    labels: ['domain', 'mx', 'state'],
  },
  smtp_dane_verify_rrsig_expiry_timestamp_seconds: {
    help: 'Expiration, in Unix seconds, of the earliest-expiring RRSIG on the validation path of one answer used (answer "name/TYPE"; covers: the RRset that RRSIG signs; scope: path, the whole path validated here, or answers, only the RRSIGs the validating resolver sent with the answer)',
    labels: ['domain', 'mx', 'answer', 'covers', 'scope'],
  },
  smtp_dane_verify_address_dane_verified: {
    help: '1 when the certificate chain this address presented after STARTTLS authenticated with a usable TLSA record',
    labels: ['domain', 'mx', 'address', 'family'],
  },
  smtp_dane_verify_address_key_algorithm_state: {
    help: 'Per key algorithm the address was asked for (RFC 7671 §5): covered (its certificate authenticated with a usable TLSA record), not-covered, not-held (the server has no certificate of it), unknown (that session failed otherwise); 1 for the current state, 0 for the others',
    labels: ['domain', 'mx', 'address', 'family', 'key_algorithm', 'state'],
  },
  smtp_dane_verify_address_not_tested: {
    help: '1 when this monitoring host could not test the address at all: it has no route or no address of that family (ENETUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT); give it that family, or check with -4',
    labels: ['domain', 'mx', 'address', 'family'],
  },
  smtp_dane_verify_earliest_cert_expiry_timestamp_seconds: {
    help: 'Earliest notAfter, in Unix seconds, of any certificate presented by any address of the domain\'s MX hosts (DANE-EE ignores dates)',
    labels: ['domain'],
  },
  smtp_dane_verify_host_earliest_cert_expiry_timestamp_seconds: {
    help: 'Earliest notAfter, in Unix seconds, of any certificate presented by any address of the MX host (DANE-EE ignores dates)',
    labels: ['domain', 'mx'],
  },
  smtp_dane_verify_check_success: {
    help: '1 when the latest check ran to completion (no probe cut off by the deadline, no internal error)',
    labels: ['domain', 'mx'],
  },
  smtp_dane_verify_check_duration_seconds: {
    help: 'Duration of the latest check',
    labels: ['domain', 'mx'],
  },
  smtp_dane_verify_last_check_timestamp_seconds: {
    help: 'When the latest check ended, in Unix seconds (results are cached between background runs)',
    labels: ['domain', 'mx'],
  },
  smtp_dane_verify_last_success_timestamp_seconds: {
    help: 'When the latest check that ran to completion ended, in Unix seconds',
    labels: ['domain', 'mx'],
  },
  // Blackbox-exporter style, /probe only.
  probe_success: {
    help: '1 when the probed target is DANE verified (all_hosts_dane_verified, or host_dane_verified for module=host)',
    labels: [],
  },
  probe_duration_seconds: {
    help: 'How long the probe took to answer, in seconds',
    labels: [],
  },
  probe_timeout_seconds: {
    help: 'The time the probe was given: the scrape timeout Prometheus announced, minus the offset, capped by the check timeout',
    labels: [],
  },
} as const satisfies Record<string, FamilySpec>;

export type MetricFamilyName = keyof typeof METRIC_FAMILIES;

/** One value of one series. */
export interface MetricSample {
  family: MetricFamilyName;
  labels: Readonly<Record<string, string>>;
  value: number;
}
