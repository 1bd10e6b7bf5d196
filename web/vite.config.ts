import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { resolve } from "node:path";

// Two pages: the app (index.html, client-side routes) and the GraphQL explorer (graphiql.html).
// Everything is bundled: nothing is fetched from a CDN at run time.
export default defineConfig({
  plugins: [react()],
  // GraphiQL's Monaco editor runs language services in web workers, bundled as ES modules.
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      // GraphiQL's modules start with React Compiler directives ("use no memo") that only
      // matter to that compiler; bundling drops them harmlessly.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
      input: {
        main: resolve(__dirname, "index.html"),
        graphiql: resolve(__dirname, "graphiql.html"),
      },
    },
  },
  server: { proxy: { "/graphql": "http://localhost:8080" } },
});
