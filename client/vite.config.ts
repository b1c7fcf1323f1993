// Builds the client into the Python package, where `souq serve` finds it:
// platform/src/souq/web/static (index.html, graphiql.html, assets/).
import { resolve } from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: resolve(__dirname, "../platform/src/souq/web/static"),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 2048,
    rollupOptions: {
      // GraphiQL's React components carry "use client" for server frameworks: meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: {
        client: resolve(__dirname, "index.html"),
        graphiql: resolve(__dirname, "graphiql.html"),
      },
    },
  },
  server: {
    proxy: {
      "/graphql": { target: "http://127.0.0.1:8000", ws: true },
      "/session": "http://127.0.0.1:8000",
    },
  },
});
