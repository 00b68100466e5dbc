/**
 * tfjs-core contains `require('node-fetch')` for Node; its package.json maps it to nothing in browsers, but the
 * dev server's dependency pre-bundler turns it into an import of the real node-fetch, which cannot load in a
 * browser. astro.config.mjs aliases node-fetch here. tfjs never calls it: the Worker fetches with the browser's
 * own fetch, and Node 20 has fetch built in.
 */
export default undefined;
