import { auditPageStatement } from './audit-search.sql';

describe('audit page statement', () => {
  it('filters only on what was given, every value bound, never spliced into the text', () => {
    const s = auditPageStatement(
      {
        actor: "u-1'; DROP TABLE x; --",
        type: ['OrderRecorded', 'VisitLogged'],
        from: '2026-01-01T00:00:00Z',
      },
      null,
      11,
    );
    expect(s.text).toContain('actor_user_id = $1');
    expect(s.text).toContain('event_type = ANY($2::text[])');
    expect(s.text).toContain('occurred_at >= $3::timestamptz');
    expect(s.text).not.toContain('DROP');
    expect(s.text).not.toContain('customer_id =');
    expect(s.text).toMatch(/ORDER BY global_position ASC\s+LIMIT \$4/);
    expect(s.values).toEqual([
      "u-1'; DROP TABLE x; --",
      ['OrderRecorded', 'VisitLogged'],
      '2026-01-01T00:00:00Z',
      11,
    ]);
  });

  it('applies the time range to the recorded time when asked', () => {
    const s = auditPageStatement(
      { timeField: 'recordedAt', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      null,
      5,
    );
    expect(s.text).toContain('recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz');
    expect(s.text).not.toContain('occurred_at >=');
  });

  it('continues after the cursor in ascending order and before it in descending order', () => {
    expect(auditPageStatement({}, '42', 5).text).toContain('global_position > $1::bigint');
    const desc = auditPageStatement({ order: 'desc' }, '42', 5);
    expect(desc.text).toContain('global_position < $1::bigint');
    expect(desc.text).toContain('ORDER BY global_position DESC');
  });
});
