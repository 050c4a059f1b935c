import { describe, expect, it } from 'vitest';
import { numericColumn, stringColumn, type Frame } from '../frame';
import { relativeTime, timeRunningVariable } from './in-time';
import { errorCode } from './testing';

const day = (s: string): number => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86_400_000;

describe('RD in time: running variable from dates', () => {
  it('counts days, weeks, months, quarters and years from the policy date (policy unit = 0)', () => {
    const p = day('2015-07-15');
    expect(relativeTime(day('2015-07-14'), p, 'day')).toBe(-1);
    expect(relativeTime(day('2015-07-15'), p, 'day')).toBe(0);
    expect(relativeTime(day('2015-07-21'), p, 'week')).toBe(0);
    expect(relativeTime(day('2015-07-22'), p, 'week')).toBe(1);
    expect(relativeTime(day('2015-07-08'), p, 'week')).toBe(-1);
    expect(relativeTime(day('2015-07-01'), p, 'month')).toBe(0);
    expect(relativeTime(day('2015-06-30'), p, 'month')).toBe(-1);
    expect(relativeTime(day('2016-01-31'), p, 'month')).toBe(6);
    expect(relativeTime(day('2015-09-30'), p, 'quarter')).toBe(0);
    expect(relativeTime(day('2015-10-01'), p, 'quarter')).toBe(1);
    expect(relativeTime(day('2014-12-31'), p, 'year')).toBe(-1);
  });

  it('builds the column for a single series, with missing dates left out', () => {
    const dates = numericColumn('date', [day('2015-07-10'), NaN, day('2015-07-20')], { format: 'date' });
    const frame: Frame = { nrow: 3, columns: [dates] };
    const r = timeRunningVariable(frame, { column: 'date', policy: '2015-07-15', unit: 'day' });
    expect(Array.from(r.values)).toEqual([-5, NaN, 5]);
    expect(r.missing).toBe(1);
  });

  it('uses each unit’s own policy date in a panel, and numeric periods', () => {
    const frame: Frame = {
      nrow: 4,
      columns: [
        numericColumn('year', [2010, 2012, 2010, 2012]),
        numericColumn('reform', [2011, 2011, 2012, NaN]),
        stringColumn('reform_day', ['2011-01-01', '2011-01-01', '2012-01-01', null]),
      ],
    };
    const r = timeRunningVariable(frame, { column: 'year', policy_column: 'reform', unit: 'year' });
    expect(Array.from(r.values)).toEqual([-1, 1, -2, NaN]);
    const p = timeRunningVariable(frame, { column: 'year', policy: 2011, unit: 'period' });
    expect(Array.from(p.values)).toEqual([-1, 1, -1, 1]);
    expect(p.notes.some((n) => n.includes('distinct values'))).toBe(true);
  });

  it('explains wrong inputs', () => {
    const frame: Frame = { nrow: 1, columns: [numericColumn('year', [2010]), stringColumn('txt', ['a'])] };
    const code = errorCode;
    expect(code(() => timeRunningVariable(frame, { column: 'txt', policy: 1, unit: 'period' }))).toBe('rd_time_not_numeric');
    expect(code(() => timeRunningVariable(frame, { column: 'year', policy: 2011, unit: 'month' }))).toBe('rd_time_unit');
    expect(code(() => timeRunningVariable(frame, { column: 'year', unit: 'period' }))).toBe('rd_time_policy');
    const dates: Frame = { nrow: 1, columns: [numericColumn('d', [day('2015-01-01')], { format: 'date' })] };
    expect(code(() => timeRunningVariable(dates, { column: 'd', policy: '2015-13-01', unit: 'day' }))).toBe('rd_time_policy_date');
  });
});
