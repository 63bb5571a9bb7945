import { unreachableDatabaseMessage } from './unreachable-database';

const DEFAULT = 'postgres://postgres:postgres@127.0.0.1:54329/crm';
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' });

describe('unreachable database message', () => {
  it('points to `npm start` when the default embedded server is not running', () => {
    expect(unreachableDatabaseMessage(refused, DEFAULT, DEFAULT)).toMatch(
      /^No PostgreSQL answers at 127\.0\.0\.1:54329 \(ECONNREFUSED\)\. DATABASE_URL is not set.*`npm start`/,
    );
  });

  it('finds the cause inside an AggregateError and never prints the password', () => {
    const message = unreachableDatabaseMessage(
      new AggregateError([refused]),
      'postgres://app:hunter2@db.internal:6543/crm',
      DEFAULT,
    );
    expect(message).toBe('No PostgreSQL answers at db.internal:6543 (ECONNREFUSED): check DATABASE_URL.');
  });

  it('leaves other errors alone', () => {
    expect(
      unreachableDatabaseMessage(new Error('password authentication failed'), DEFAULT, DEFAULT),
    ).toBeNull();
  });
});
