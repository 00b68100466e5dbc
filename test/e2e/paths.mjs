/**
 * Where the e2e build goes and the sub-path it is served under (shared by the build script and the tests).
 * E2E_OUT moves the build, so that a second checkout's or session's tests need not overwrite the first's.
 */
export const E2E_BASE = '/vg-course/';
export const E2E_OUT = process.env.E2E_OUT || 'test/e2e/.output/site';
