// The run's notion of "now", injected so that judgement can be replayed at any time.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
