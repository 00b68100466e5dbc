export declare function runCacheDir(root?: string): string;
export declare function compressedCacheDir(root?: string): string;
