// --trust-anchor files: DS or DNSKEY records in zone-file syntax, as unbound's
// root.key (with its comments), BIND's dsset- and K*.key files write them.
import { expect } from 'chai';
import { nameText } from '../../../src/dns/name.ts';
import { readDnskey, readDs } from '../../../src/dnssec/core/dnssec-rdata.ts';
import { keyTag } from '../../../src/dnssec/core/key-tag.ts';
import { RR_TYPE } from '../../../src/dns/rr-types.ts';
import { IANA_ROOT_ANCHORS, TrustAnchorFormatError, parseTrustAnchors } from '../../../src/dnssec/trust-anchors.ts';

const KSK2017 =
  'AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=';

describe('dnssec/trust-anchors', () => {
  it('embeds the IANA root anchors KSK-2017 (20326) and KSK-2024 (38696) as SHA-256 DS records', () => {
    expect(IANA_ROOT_ANCHORS.map((a) => [nameText(a.owner), a.type, readDs(a.rdata).keyTag, readDs(a.rdata).algorithm, readDs(a.rdata).digestType])).to.deep.equal([
      ['.', RR_TYPE.DS, 20326, 8, 2],
      ['.', RR_TYPE.DS, 38696, 8, 2],
    ]);
  });

  it("reads unbound's autotrust root.key: comments, a TTL, class IN", () => {
    const text = [
      '; autotrust trust anchor file',
      ';;id: . 1',
      `.	172800	IN	DNSKEY	257 3 8 ${KSK2017} ;{id = 20326 (ksk), size = 2048b} ;;state=2 [  VALID  ] ;;count=0 ;;lastchange=1502316051`,
    ].join('\n');
    const [anchor] = parseTrustAnchors(text);
    expect(anchor!.type).to.equal(RR_TYPE.DNSKEY);
    expect(keyTag(anchor!.rdata)).to.equal(20326);
    expect(readDnskey(anchor!.rdata).flags).to.equal(257);
  });

  it("reads BIND's dsset file, parentheses across lines, $ORIGIN and relative owners", () => {
    const text = ['$ORIGIN example.', 'sub IN DS 12345 13 2 (', '   AABBCCDD', '   EEFF0011 ) ; digest split', '@ 3600 DS 54321 13 4 00112233'].join('\n');
    const anchors = parseTrustAnchors(text);
    expect(anchors.map((a) => nameText(a.owner))).to.deep.equal(['sub.example', 'example']);
    expect(readDs(anchors[0]!.rdata).digest.toString('hex')).to.equal('aabbccddeeff0011');
  });

  it('says which line is wrong', () => {
    expect(() => parseTrustAnchors('')).to.throw(TrustAnchorFormatError, /no DS or DNSKEY/);
    expect(() => parseTrustAnchors('. IN A 192.0.2.1')).to.throw(TrustAnchorFormatError, /line 1: A is not a DS or DNSKEY/);
    expect(() => parseTrustAnchors('\n. IN DS 1 8 2 XYZ')).to.throw(TrustAnchorFormatError, /line 2: the DS digest is not hexadecimal/);
    expect(() => parseTrustAnchors('. IN DS 1 8 2 (AA')).to.throw(TrustAnchorFormatError, /never closed/);
    expect(() => parseTrustAnchors('. CH DS 1 8 2 AA')).to.throw(TrustAnchorFormatError, /class CH/);
  });
});
