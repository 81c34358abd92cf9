// Writes themes/default/static/stem-<lang>.js for the Snowball languages from
// pinned npm packages (npm install here first):
//   de fr ro ru tr: @orama/stemmers, Snowball's JavaScript output, minified;
//   en: wink-porter2-stemmer, the Snowball English (Porter2) algorithm.
// Each file sets lotseStem(word) on the global object. The Rust side uses the
// rust-stemmers crate; tests/data/stems/<lang>.tsv holds both to the same stems.
import { readFileSync, writeFileSync } from "node:fs";
import { minify } from "terser";

const out = (lang) => new URL(`../../themes/default/static/stem-${lang}.js`, import.meta.url);
const head = (lang, from) =>
  `// lotse: ${lang} stemmer from ${from}; written by tools/stemmers/vendor.mjs.\n`;

async function write(lang, from, body) {
  // A stem shorter than two letters leaves the word as it is, as src/search/stem.rs does.
  const src = `(function(g){${body};g.lotseStem=function(w){var s=stemmer(w);return s.length<2?w:s}})(this);`;
  const min = await minify(src, { compress: true, mangle: true });
  writeFileSync(out(lang), head(lang, from) + min.code + "\n");
}

const modules = new URL("node_modules/", import.meta.url);
const orama = new URL("@orama/stemmers/dist/", modules);
const version = (p) => JSON.parse(readFileSync(new URL(`${p}/package.json`, modules), "utf8")).version;
for (const lang of ["de", "fr", "ro", "ru", "tr"]) {
  const code = readFileSync(new URL(lang + ".js", orama), "utf8")
    .replace(/export function stemmer/, "function stemmer")
    .replace(/export const language=[^;]*;?/, "");
  await write(lang, `@orama/stemmers ${version("@orama/stemmers")} (Snowball, Apache-2.0/BSD)`, code);
}
const wink = readFileSync(new URL("wink-porter2-stemmer/src/wink-porter2-stemmer.js", modules), "utf8")
  .replace(/module\.exports\s*=\s*stem\s*;?/, "var stemmer=stem;");
await write("en", `wink-porter2-stemmer ${version("wink-porter2-stemmer")} (Porter2, MIT)`, wink);
