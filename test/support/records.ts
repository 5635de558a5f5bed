// Record data for fake zones (test/support/fake-deps.ts), one builder per type.
import type { RecordData } from '../../src/evidence/dns.ts';

export const mx = (preference: number, exchange: string): RecordData => ({ type: 'MX', preference, exchange });
export const a = (address: string): RecordData => ({ type: 'A', address });
export const aaaa = (address: string): RecordData => ({ type: 'AAAA', address });
export const tlsa = (r: { usage: number; selector: number; matchingType: number; data: string }): RecordData => ({ type: 'TLSA', ...r });
