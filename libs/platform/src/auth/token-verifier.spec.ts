import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { resolveAuthSettings, type AuthConfig } from './auth.config';
import { mintToken } from './mint-token';
import { principalFromClaims } from './token-claims';
import {
  bearerToken,
  createTokenVerifier,
  keepVerifiedTokens,
  TokenRejectedError,
  type VerifiedToken,
} from './token-verifier';

const SECRET = 'unit-test-secret-0123456789-abcdefghijkl';
const config = (values: Partial<AuthConfig>): AuthConfig =>
  ({ AUTH_DISABLED: false, ...values }) as AuthConfig;

const rejection = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenRejectedError) return error.problem;
    throw error;
  }
  return 'accepted';
};

describe('principalFromClaims', () => {
  it('reads sub, role and a manager’s regions', () => {
    expect(principalFromClaims({ sub: 'm-1', role: 'manager', regions: ['east', 'west', 'east'] })).toEqual({
      userId: 'm-1',
      role: 'manager',
      regions: ['east', 'west'],
    });
    expect(principalFromClaims({ sub: 'rep-1', role: 'rep' })).toEqual({ userId: 'rep-1', role: 'rep' });
  });

  it.each([
    [{ role: 'admin' }, /sub/],
    [{ sub: 'x', role: 'system' }, /role/],
    [{ sub: 'x', role: 'root' }, /role/],
    [{ sub: 'm', role: 'manager' }, /regions/],
    [{ sub: 'm', role: 'manager', regions: [] }, /regions/],
    [{ sub: 'm', role: 'manager', regions: 'east' }, /regions/],
    [{ sub: 'has space', role: 'rep' }, /sub/],
  ])('refuses %j', (claims, message) => {
    expect(() => principalFromClaims(claims)).toThrow(message);
  });
});

describe('resolveAuthSettings', () => {
  it('refuses to start without a key unless disabled', () => {
    expect(() => resolveAuthSettings(config({}))).toThrow(/AUTH_JWT_SECRET/);
    expect(resolveAuthSettings(config({ AUTH_DISABLED: true }))).toEqual({ mode: 'disabled' });
  });

  it('refuses both keys at once and a short secret', () => {
    expect(() =>
      resolveAuthSettings(config({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_PUBLIC_KEY: 'pem' })),
    ).toThrow(/not both/);
    expect(() => resolveAuthSettings(config({ AUTH_JWT_SECRET: 'short' }))).toThrow(/at least 32/);
  });

  it('takes the issuer and audience along', () => {
    expect(
      resolveAuthSettings(
        config({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: 'crm', AUTH_JWT_AUDIENCE: 'api' }),
      ),
    ).toEqual({ mode: 'hs256', secret: SECRET, issuer: 'crm', audience: 'api' });
  });
});

describe('bearerToken', () => {
  it('takes the token of a Bearer header only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic dXNlcjpwdw==')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
  });
});

describe('HS256 verifier', () => {
  const verifierP = createTokenVerifier({ mode: 'hs256', secret: SECRET });

  it('accepts a token minted with the secret', async () => {
    const token = await mintToken(
      { sub: 'm-1', role: 'manager', regions: ['east'] },
      { secret: SECRET },
      { ttl: '1h' },
    );
    await expect((await verifierP)(token)).resolves.toEqual({
      userId: 'm-1',
      role: 'manager',
      regions: ['east'],
    });
  });

  it('refuses a missing token, another secret, an expired token and garbage', async () => {
    const verify = await verifierP;
    const other = await mintToken({ sub: 'a', role: 'admin' }, { secret: `${SECRET}-other` }, { ttl: '1h' });
    const expired = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    expect(await rejection(verify(null))).toBe('TOKEN_MISSING');
    expect(await rejection(verify(other))).toBe('TOKEN_INVALID');
    expect(await rejection(verify(expired))).toBe('TOKEN_EXPIRED');
    expect(await rejection(verify('not.a.token'))).toBe('TOKEN_INVALID');
  });

  it('refuses a token without an expiry and one whose claims name no known role', async () => {
    const verify = await verifierP;
    const key = new TextEncoder().encode(SECRET);
    const forever = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .sign(key);
    const system = await new SignJWT({ role: 'system' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setExpirationTime('1h')
      .sign(key);
    expect(await rejection(verify(forever))).toBe('TOKEN_INVALID');
    expect(await rejection(verify(system))).toBe('TOKEN_INVALID');
  });

  it('checks the issuer and the audience when configured', async () => {
    const verify = await createTokenVerifier({
      mode: 'hs256',
      secret: SECRET,
      issuer: 'crm',
      audience: 'api',
    });
    const good = await mintToken(
      { sub: 'a', role: 'admin' },
      { secret: SECRET },
      { ttl: 60, issuer: 'crm', audience: 'api' },
    );
    const bad = await mintToken(
      { sub: 'a', role: 'admin' },
      { secret: SECRET },
      { ttl: 60, issuer: 'evil', audience: 'api' },
    );
    await expect(verify(good)).resolves.toMatchObject({ role: 'admin' });
    expect(await rejection(verify(bad))).toBe('TOKEN_INVALID');
  });
});

describe('RS256 verifier', () => {
  it('accepts tokens of the private key and refuses HS256 tokens, even signed with the PEM text', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const publicKeyPem = await exportSPKI(publicKey);
    const verify = await createTokenVerifier({ mode: 'rs256', publicKeyPem });
    const good = await new SignJWT({ role: 'rep' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('rep-1')
      .setExpirationTime('1h')
      .sign(privateKey);
    // The classic confusion attack: an HS256 token whose HMAC key is the public key's text.
    const confused = await mintToken({ sub: 'a', role: 'admin' }, { secret: publicKeyPem }, { ttl: '1h' });
    await expect(verify(good)).resolves.toEqual({ userId: 'rep-1', role: 'rep' });
    expect(await rejection(verify(confused))).toBe('TOKEN_INVALID');
  });
});

describe('keepVerifiedTokens', () => {
  const NOW = Date.parse('2026-06-01T12:00:00.000Z');
  /** Test double of a signature check: counts its calls, refuses tokens starting with "bad". */
  const countingVerify = () => {
    const calls: string[] = [];
    const verify = (token: string): Promise<VerifiedToken> => {
      calls.push(token);
      if (token.startsWith('bad')) return Promise.reject(new Error(`refused ${token}`));
      return Promise.resolve({ principal: { userId: token, role: 'admin' }, expiresAtMs: NOW + 60_000 });
    };
    return { calls, verify };
  };
  afterEach(() => jest.restoreAllMocks());

  it('checks a token once while it is valid, and again once it has expired', async () => {
    const clock = jest.spyOn(Date, 'now').mockReturnValue(NOW);
    const { calls, verify } = countingVerify();
    const kept = keepVerifiedTokens(verify, 10);
    await expect(kept('t1')).resolves.toEqual({ userId: 't1', role: 'admin' });
    await kept('t1');
    clock.mockReturnValue(NOW + 59_999);
    await kept('t1');
    expect(calls).toEqual(['t1']);
    clock.mockReturnValue(NOW + 60_000);
    await kept('t1');
    expect(calls).toEqual(['t1', 't1']);
  });

  it('keeps no refused token, keeps at most `max`, and keeps nothing with max 0', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    const { calls, verify } = countingVerify();
    const kept = keepVerifiedTokens(verify, 2);
    await expect(kept('bad-1')).rejects.toThrow('refused bad-1');
    await expect(kept('bad-1')).rejects.toThrow('refused bad-1');
    for (const token of ['a', 'b', 'c', 'a']) await kept(token);
    // a was dropped when c came (the least recently used of two).
    expect(calls).toEqual(['bad-1', 'bad-1', 'a', 'b', 'c', 'a']);
    const off = countingVerify();
    const unkept = keepVerifiedTokens(off.verify, 0);
    await unkept('x');
    await unkept('x');
    expect(off.calls).toEqual(['x', 'x']);
  });

  it('with jose: the principal it keeps cannot be changed by a request', async () => {
    const verify = await createTokenVerifier({ mode: 'hs256', secret: SECRET });
    const token = await mintToken(
      { sub: 'm-2', role: 'manager', regions: ['east'] },
      { secret: SECRET },
      { ttl: '1h' },
    );
    const first = await verify(token);
    expect(() => (first.regions as string[]).push('west')).toThrow(TypeError);
    expect(() => Object.assign(first, { role: 'admin' })).toThrow(TypeError);
    expect(await verify(token)).toEqual({ userId: 'm-2', role: 'manager', regions: ['east'] });
  });

  it('with jose: a token verified before is refused as expired once past its exp', async () => {
    const verify = await createTokenVerifier({ mode: 'hs256', secret: SECRET });
    const exp = Math.floor(Date.now() / 1000) + 30;
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(SECRET));
    await expect(verify(token)).resolves.toEqual({ userId: 'a', role: 'admin' });
    jest.useFakeTimers({ now: (exp + 1) * 1000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      expect(await rejection(verify(token))).toBe('TOKEN_EXPIRED');
    } finally {
      jest.useRealTimers();
    }
  });
});
