/** Where the e2e build goes and the sub-path it is served under (shared by the build script and the tests). */
export const E2E_BASE = '/vg-course/';
export const E2E_OUT = 'test/e2e/.output/site';
