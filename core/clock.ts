// Time comes from a Clock so that schedulers, retention and tests agree on "now".
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const DAY_MS = 86_400_000;
