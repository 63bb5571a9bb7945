/**
 * The HS256 secret the test run's APIs verify tokens with (tests only). Its own file without
 * imports, so that Jest's global setup can load it by path and hand it to every app of the run.
 */
export const TEST_JWT_SECRET = 'test-secret-for-the-crm-test-suite-0123456789';
