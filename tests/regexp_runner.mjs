// Searches strings with ECMAScript regular expressions compiled as ajv compiles a
// "pattern": new RegExp(pattern, "u"), applied with test().
// Input on stdin: {"patterns": [regex, ...], "strings": [text, ...]}
// Output on stdout: {"verdicts": [[true|false per string] per pattern]}; a pattern that
// fails to compile exits 1.
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const verdicts = input.patterns.map((pattern) => {
  const regexp = new RegExp(pattern, "u");
  return input.strings.map((text) => regexp.test(text));
});
process.stdout.write(JSON.stringify({ verdicts }));
