// Monitoring Plugins threshold ranges, `[@]start:end` (developer guidelines,
// "Threshold and ranges"). Inclusive at both ends; an alert fires when the value
// lies OUTSIDE the range, or INSIDE it with a leading `@`.
//
//   10      alert if x < 0 or x > 10      (start omitted = 0)
//   10:     alert if x < 10               (end omitted = +infinity)
//   ~:10    alert if x > 10               (~ = -infinity)
//   10:20   alert if x < 10 or x > 20
//   @10:20  alert if 10 <= x <= 20
//
// Beyond the table, as monitoring-plugins' parse_range_string does: `:10` means
// 0:10, `~:` means everything, and start must not exceed end.

export interface ThresholdRange {
  start: number; // -Infinity for `~`
  end: number; // +Infinity when omitted
  /** `@`: alert when the value is inside [start, end] instead of outside. */
  inside: boolean;
  /** The range as written (trimmed): what perfdata warn/crit fields carry. */
  text: string;
}

export class ThresholdRangeError extends Error {
  readonly input: string;
  constructor(input: string, reason: string) {
    super(`invalid threshold range '${input}': ${reason} (expected [@]start:end, e.g. 20: or @0:7)`);
    this.name = 'ThresholdRangeError';
    this.input = input;
  }
}

// Plain C-locale decimals only: no exponents, hex, 'Infinity' or commas.
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function parseNumber(input: string, part: string, which: string): number {
  if (!NUMBER.test(part)) throw new ThresholdRangeError(input, `${which} '${part}' is not a decimal number`);
  return Number(part);
}

export function parseRange(input: string): ThresholdRange {
  const text = input.trim();
  if (text === '') throw new ThresholdRangeError(input, 'it is empty');
  let body = text;
  const inside = body.startsWith('@');
  if (inside) body = body.slice(1);
  if (body === '') throw new ThresholdRangeError(input, "'@' needs a range after it");

  const colon = body.indexOf(':');
  let start = 0;
  let end = Infinity;
  if (colon === -1) {
    if (body === '~') throw new ThresholdRangeError(input, "'~' (minus infinity) is only allowed before ':'");
    end = parseNumber(input, body, 'end');
  } else {
    const startPart = body.slice(0, colon);
    const endPart = body.slice(colon + 1);
    if (endPart.includes(':')) throw new ThresholdRangeError(input, "it has more than one ':'");
    if (startPart === '~') start = -Infinity;
    else if (startPart !== '') start = parseNumber(input, startPart, 'start');
    if (endPart !== '') end = parseNumber(input, endPart, 'end');
  }
  if (start > end) throw new ThresholdRangeError(input, `start ${start} is greater than end ${end}`);
  return { start, end, inside, text };
}

/** Whether `value` raises an alert under `range`. NaN (an unknown value) never alerts. */
export function alerts(range: ThresholdRange, value: number): boolean {
  if (Number.isNaN(value)) return false;
  const within = value >= range.start && value <= range.end;
  return range.inside ? within : !within;
}
