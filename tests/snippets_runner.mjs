// Runs the JavaScript snippets of a documentation page in one process, in order, each as a
// module of its own, and collects what each prints with console.log.
// Input on stdin: {"files": [absolute path of each snippet's .mjs file, ...]}
// Output on stdout: {"outputs": [the lines one snippet printed, each ending in "\n", ...]};
// a snippet that throws has the error's stack in its output instead.
import { pathToFileURL } from "node:url";
import { format } from "node:util";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { files } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const outputs = [];
for (const file of files) {
  const lines = [];
  console.log = (...args) => lines.push(format(...args));
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    lines.push(`Uncaught ${error?.stack ?? error}`);
  }
  outputs.push(lines.map((line) => `${line}\n`).join(""));
}
process.stdout.write(JSON.stringify({ outputs }));
