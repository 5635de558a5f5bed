// One probed check judged again under another severity policy: serve probes a
// target once (cache, single-flight) and answers each request with the
// policy it asked for (`?severity=`). The instant stays the original
// judgement's (the end of probing), so only the policy differs.
import { judgeCheck, type JudgementSettings } from '../verdict/exit-status.ts';
import type { CheckOutcome } from '../verdict/result.ts';

/** The instant a live check was judged at: the end of its probing. */
export function judgedAt(outcome: CheckOutcome): Date {
  return new Date(Date.parse(outcome.run.started_at) + outcome.run.duration_ms);
}

export function rejudge(outcome: CheckOutcome, settings: JudgementSettings): CheckOutcome {
  const judgement = judgeCheck(outcome.result, outcome.run.unfinished, settings, judgedAt(outcome));
  return outcome.kind === 'domain' ? { ...outcome, judgement } : { ...outcome, judgement };
}
