/** @type {import('next').NextConfig} */
const nextConfig = {
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
