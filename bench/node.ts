/** The bench's Node side: the core as the site's build runs it (Vite-bundled tfjs, wasm backend). */
import { initNodeBackend } from '../src/ssr/backend';
import { runBench, type BenchOptions, type BenchResult } from './measure';

export async function benchNode(options: BenchOptions): Promise<BenchResult> {
  return runBench(await initNodeBackend(), options);
}
