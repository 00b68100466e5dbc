export declare const CONTENT_TYPES: Record<string, string>;
