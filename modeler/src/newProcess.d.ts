/** Typings of newProcess.js for TypeScript callers (unit tests). */
export declare const EXECUTION_PLATFORM: string;
export declare const EXECUTION_PLATFORM_VERSION: string;
export declare const HISTORY_TIME_TO_LIVE: string;
export declare function newProcessXml(processId: string): string;
