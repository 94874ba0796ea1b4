// Pages are served without nonces, so Next.js's inline bootstrap scripts need 'unsafe-inline'; everything else
// (images included: no tracking pixels from organizer markdown) comes from this site only, and no other site
// may frame it (clickjacking). `next dev` also needs eval for its hot reload.
const dev = process.env.NODE_ENV === 'development';
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: csp },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
  // A separate build folder lets tests build and serve without touching a developer's `.next`.
  distDir: process.env.PODIUM_DIST_DIR || '.next',
  // PGlite loads its WASM through file URLs that the bundler cannot follow (see DESIGN.md).
  serverExternalPackages: ['@electric-sql/pglite', '@duckdb/node-api', 'hyparquet', 'hyparquet-writer', 'apache-arrow'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm test` type-checks; the build need not do it twice
  experimental: {
    authInterrupts: true,
    serverActions: { bodySizeLimit: '10mb' },
    proxyClientMaxBodySize: '8gb',
  },
  devIndicators: false,
};

export default nextConfig;
