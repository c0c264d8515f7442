// Types for scripts/chromium.mjs, which playwright.config.ts imports.
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
export declare const WEBGPU_ARGS: string[];
export declare const FAKE_CAMERA_ARGS: string[];
export declare const MEMORY_ARGS: string[];
export declare function launchOptions(extra?: string[]): { executablePath: string; args: string[] };
