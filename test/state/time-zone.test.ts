import { describe, expect, it } from 'vitest';
import { localTimeToUnixS, utcOffsetMinutes } from '../../src/scene/sun-direction';
import { timeStore, validateLocalDate, wrapMinuteOfDay } from '../../src/state/time-store';

const BERLIN = 'Europe/Berlin';

describe('local wall time ↔ UTC in Europe/Berlin (daylight saving)', () => {
  it('winter and summer offsets', () => {
    expect(utcOffsetMinutes(BERLIN, Date.UTC(2026, 0, 15, 12))).toBe(60);
    expect(utcOffsetMinutes(BERLIN, Date.UTC(2026, 6, 15, 12))).toBe(120);
  });
  it('spring-forward day 2026-03-29: 01:00 is CET, 03:00 is CEST', () => {
    expect(localTimeToUnixS(BERLIN, 2026, 3, 29, 1)).toBe(Date.UTC(2026, 2, 29, 0) / 1000);
    expect(localTimeToUnixS(BERLIN, 2026, 3, 29, 3)).toBe(Date.UTC(2026, 2, 29, 1) / 1000);
    expect(localTimeToUnixS(BERLIN, 2026, 3, 29, 12)).toBe(Date.UTC(2026, 2, 29, 10) / 1000);
  });
  it('fall-back day 2026-10-25: 01:00 is CEST, 04:00 is CET', () => {
    expect(localTimeToUnixS(BERLIN, 2026, 10, 25, 1)).toBe(Date.UTC(2026, 9, 24, 23) / 1000);
    expect(localTimeToUnixS(BERLIN, 2026, 10, 25, 4)).toBe(Date.UTC(2026, 9, 25, 3) / 1000);
  });
  it('fractional hours and round trip through Intl', () => {
    const t = localTimeToUnixS(BERLIN, 2026, 6, 21, 15.5);
    const s = new Intl.DateTimeFormat('en-GB', { timeZone: BERLIN, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t * 1000));
    expect(s).toBe('15:30');
  });
});

describe('time store', () => {
  it('wraps minutes and validates dates', () => {
    expect(wrapMinuteOfDay(-10)).toBe(1430);
    expect(wrapMinuteOfDay(1450)).toBe(10);
    expect(() => validateLocalDate({ year: 2026, month: 2, day: 29 })).toThrow(/day 29/);
    timeStore.getState().setMinuteOfDay(600);
    timeStore.getState().setSpeed(60);
    timeStore.getState().advance(2);
    expect(timeStore.getState().minuteOfDay).toBe(720);
  });
});
