export declare function runCacheDir(root?: string): string;
