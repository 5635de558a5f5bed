// Certificates made with the openssl command line, with what openssl says about them: fixtures
// for names and encodings the test PKIs (@peculiar/x509) would not produce.

// Made with openssl 3.0 (req -x509, EC P-256): a subject full of characters openssl quotes or
// escapes, a multi-valued RDN, and a subjectAltName with an otherName (SmtpUTF8Mailbox,
// RFC 8398) next to the dNSName.
export const OPENSSL_TRICKY = {
  derBase64:
    'MIICwzCCAmigAwIBAgIUe5qaCwxYR0A5Zfth5gkEX2umgQkwCgYIKoZIzj0EAwIwgZQxCzAJBgNVBAYTAlVTMRYwFAYDVQQKDA1FeGFtcGxlLCBJbmMuMQwwCgYDVQQLDANhK2IxFDASBgNVBAsMC3EidW90ZVxiYWNrMSIwCQYDVQQFEwI0MjAVBgNVBAMMDm14LmV4YW1wbGUub3JnMRQwEgYJKoZIhvcNAQkBFgV4QHkuejEPMA0GA1UEAwwGIGxlYWQjMB4XDTI2MTEyOTAwMjUwMFoXDTI2MTIyOTAwMjUwMFowgZQxCzAJBgNVBAYTAlVTMRYwFAYDVQQKDA1FeGFtcGxlLCBJbmMuMQwwCgYDVQQLDANhK2IxFDASBgNVBAsMC3EidW90ZVxiYWNrMSIwCQYDVQQFEwI0MjAVBgNVBAMMDm14LmV4YW1wbGUub3JnMRQwEgYJKoZIhvcNAQkBFgV4QHkuejEPMA0GA1UEAwwGIGxlYWQjMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEK939CghrTlb5iNyKSAV015HQcepClZNh+IdQ+5ltOAnuZqkEyoKhYngLaeJ5v6U070p1yS0p5ld4Y8fcpnA3Z6OBlTCBkjAdBgNVHQ4EFgQUOeXQmtSQ2lNBlMU4CqjhpRSb5E0wHwYDVR0jBBgwFoAUOeXQmtSQ2lNBlMU4CqjhpRSb5E0wDwYDVR0TAQH/BAUwAwEB/zA/BgNVHREEODA2gg5teC5leGFtcGxlLm9yZ6AkBggrBgEFBQcICaAYDBZwb3N0bWFzdGVyQGV4YW1wbGUub3JnMAoGCCqGSM49BAMCA0kAMEYCIQDS1ATcTiPdr+UUWXlTrX1NL3FPDNFk/Wllf6H+bbk3xgIhAO/gH8/ikK2MExNoKJpCkKOeDHk7uKaLRRhSKEMqbvCN',
  // openssl x509 -noout -subject
  subject:
    'C = US, O = "Example, Inc.", OU = "a+b", OU = q\\"uote\\\\back, serialNumber = 42 + CN = mx.example.org, emailAddress = x@y.z, CN = " lead#"',
  sha256: 'a2206bfd0d82b442032180c935435022138a75b20279fc41a0dd60207d2f1e3f',
  // openssl x509 -pubkey | openssl pkey -pubin -outform DER | sha256sum
  spkiSha256: 'ccb45b3c30b660b66174fae8c0a1805240cb0a3273afecca8119206d732cd631',
  notBefore: '2026-11-29T00:25:00.000Z',
  notAfter: '2026-12-29T00:25:00.000Z',
};

// Made with openssl 3.0 (req -x509 -utf8, Ed25519), no subjectAltName; a UTF-8 subject.
export const OPENSSL_UTF8 = {
  derBase64:
    'MIIBfTCCAS+gAwIBAgIUa+c2+4jl5FoSQcYQK1H8OdO7R24wBQYDK2VwMDQxFTATBgNVBAoMDELDvGNoZXIgR21iSDEbMBkGA1UEAwwSbXguYsO8Y2hlci5leGFtcGxlMB4XDTI2MTEyOTAwMjUwNVoXDTI2MTIyOTAwMjUwNVowNDEVMBMGA1UECgwMQsO8Y2hlciBHbWJIMRswGQYDVQQDDBJteC5iw7xjaGVyLmV4YW1wbGUwKjAFBgMrZXADIQDDwxOnXvbJSCYE+59goKokMeV9/GJmTFHP8p8SwXK/wqNTMFEwHQYDVR0OBBYEFLmKQVw4DpIb7iwOxkN+9sNY3nR9MB8GA1UdIwQYMBaAFLmKQVw4DpIb7iwOxkN+9sNY3nR9MA8GA1UdEwEB/wQFMAMBAf8wBQYDK2VwA0EANXYH9vZHLDAC3hlhx/zB4Qqh120jdTNy1dRAp9uaXQDy79/aYpNcfR5ZaxJyuGwtzUkODTj84No0yDwVmdJHBA==',
  subject: 'O = B\\C3\\BCcher GmbH, CN = mx.b\\C3\\BCcher.example',
};
