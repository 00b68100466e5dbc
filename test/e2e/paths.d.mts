export declare const E2E_BASE: string;
export declare const E2E_OUT: string;
