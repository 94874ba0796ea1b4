/** @type {import('next').NextConfig} */
const nextConfig = {
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
