/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev`: Vite on 5173, proxying /api to the API (`make run` serves it on 5000).
const apiTarget = process.env.VITE_API_PROXY ?? "http://127.0.0.1:5000";
// Source maps only when asked for (SOURCEMAPS=hidden: written without a sourceMappingURL comment, for
// an upload to Sentry; frontend/Dockerfile deletes them before the nginx stage: never served).
const sourcemap = process.env.SOURCEMAPS === "hidden" ? "hidden" : false;

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { "/api": { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap,
    assetsInlineLimit: 0, // no data: URIs for fonts: every asset is a hashed, cacheable file
    chunkSizeWarningLimit: 300,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    restoreMocks: true,
  },
});
