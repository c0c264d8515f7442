// The response headers the app is served with, in dev, preview and the build (dist/_headers, the format of
// static hosts such as Netlify and Cloudflare Pages). One list: vite.config.ts and the build both read it.

// COOP/COEP make the page cross-origin isolated, so the wasm backend may use SharedArrayBuffer threads.
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Everything from this origin only; wasm compiled (no eval of JS). blob: scripts and workers are tfjs's threaded
 * wasm: its pthread workers are blob: URLs that importScripts the Emscripten glue, also as a blob: URL. Fetches may
 * also reach any https host or this machine: a model=<url> folder is read with fetch (data only, checked). */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

export const SERVED_HEADERS: Record<string, string> = {
  ...ISOLATION,
  'Content-Security-Policy': CSP.join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The dev server also runs Vite's HMR client and React's refresh preamble (an inline script, a websocket). */
export const DEV_HEADERS: Record<string, string> = {
  ...SERVED_HEADERS,
  'Content-Security-Policy': CSP.map((d) => (d.startsWith('script-src') ? `${d} 'unsafe-inline'`
    : d.startsWith('connect-src') ? `${d} ws: wss:` : d.startsWith('style-src') ? `${d} 'unsafe-inline'` : d)).join('; '),
};

/** dist/_headers: the same headers for every path of the built app. */
export function headersFile(): string {
  return `/*\n${Object.entries(SERVED_HEADERS).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`;
}
