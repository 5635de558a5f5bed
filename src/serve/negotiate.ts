// Which exposition format a scraper gets. Prometheus asks for OpenMetrics
// first (Accept: application/openmetrics-text;version=1.0.0,...;q=0.75,
// text/plain;version=0.0.4;q=0.5,*/*;q=0.1); curl and most tools send */* and
// get the text format 0.0.4. `?format=openmetrics|prometheus` (the original's
// parameter) overrides the header: openmetrics → OpenMetrics, prometheus → text.
import type { ExpositionFormat } from '../render/openmetrics.ts';
import { ApiError } from './api-error.ts';

interface MediaRange {
  type: string;
  q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header.split(',').flatMap((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!type) return [];
    let q = 1;
    for (const p of params) {
      const m = /^q=([0-9.]+)$/.exec(p);
      if (m) q = Math.min(1, Number(m[1]) || 0);
    }
    return [{ type, q }];
  });
}

/** The highest q given to `type` by an explicit range (wildcards count only if `wildcards`). */
function quality(ranges: MediaRange[], type: string, wildcards: boolean): number {
  const [major] = type.split('/');
  let best = 0;
  for (const r of ranges) {
    const fits = r.type === type || (wildcards && (r.type === '*/*' || r.type === `${major}/*`));
    if (fits) best = Math.max(best, r.q);
  }
  return best;
}

export function expositionFormat(accept: string | undefined, formatParam: string | null): ExpositionFormat {
  if (formatParam !== null) {
    if (formatParam === 'openmetrics') return 'openmetrics';
    if (formatParam === 'prometheus' || formatParam === 'text') return 'text';
    throw new ApiError('invalid-parameter', 'format must be openmetrics or prometheus');
  }
  if (!accept) return 'text';
  const ranges = parseAccept(accept);
  // OpenMetrics only when asked for by name, and not less wanted than the text format.
  const om = quality(ranges, 'application/openmetrics-text', false);
  const text = quality(ranges, 'text/plain', true);
  return om > 0 && om >= text ? 'openmetrics' : 'text';
}
