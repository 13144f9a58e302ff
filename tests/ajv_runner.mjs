// Compiles ngomodel's schemas with ajv in strict mode and validates instances.
// Input on stdin: {"schemas": [schema, ...], "cases": [{"id": schemaId, "instance": value}, ...]}
// Output on stdout: {"verdicts": [true|false, ...]}; a schema that fails to compile exits 1.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

// Strict in every respect (strictSchema, strictNumbers, strictTypes, strictTuples and
// strictRequired are all errors), so a schema that any strict setting refuses fails here.
const ajv = new Ajv2020({ strict: true });
addFormats(ajv);
for (const schema of input.schemas) ajv.addSchema(schema);
for (const schema of input.schemas) ajv.getSchema(schema.$id); // compile every one, strictly
const verdicts = input.cases.map(({ id, instance }) => ajv.getSchema(id)(instance));
process.stdout.write(JSON.stringify({ verdicts }));
