// Builds the dashboard (src/web/client) into dist/web/public: one JavaScript bundle (the page and the
// tree-shaken ECharts) and one stylesheet, both with content hashes in their names so the server can
// cache them forever, an index.html pointing at them (never cached), and .gz/.br copies of every
// text file so @fastify/static can send them precompressed. Run by `npm run build`; no network.
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "web", "client");
const output = join(root, "dist", "web", "public");
const assets = join(output, "assets");

rmSync(output, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const started = Date.now();
const result = await build({
  entryPoints: { app: join(source, "main.ts"), styles: join(source, "styles", "main.css") },
  bundle: true,
  format: "esm",
  target: ["es2022", "chrome109", "firefox115", "safari16"],
  minify: true,
  sourcemap: false,
  legalComments: "none",
  entryNames: "[name]-[hash]",
  outdir: assets,
  metafile: true,
  logLevel: "warning",
  // ECharts checks process.env.NODE_ENV for its development warnings.
  define: { "process.env.NODE_ENV": '"production"' },
});

const outputs = Object.keys(result.metafile.outputs).map((p) => resolve(root, p));
const script = outputs.find((p) => p.endsWith(".js"));
const styles = outputs.find((p) => p.endsWith(".css"));
if (!script || !styles) throw new Error("build-web: esbuild produced no script or no stylesheet");

const html = readFileSync(join(source, "index.html"), "utf8")
  .replace("%SCRIPT%", `/assets/${basename(script)}`)
  .replace("%STYLES%", `/assets/${basename(styles)}`);
writeFileSync(join(output, "index.html"), html);

function compress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) compress(path);
    else if (/\.(js|css|html|svg|json)$/.test(entry.name)) {
      const data = readFileSync(path);
      writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
      writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
    }
  }
}
compress(output);

const sizes = [script, styles].map((p) => `${basename(p)} ${(readFileSync(p).length / 1024).toFixed(0)} kB (br ${(readFileSync(`${p}.br`).length / 1024).toFixed(0)} kB)`);
console.log(`build-web: dist/web/public in ${Date.now() - started} ms: ${sizes.join(", ")}`);
