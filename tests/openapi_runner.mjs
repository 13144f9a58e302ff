// Validates request bodies with ajv (strict mode) against the schemas an OpenAPI 3.1
// document gives its operations, and words each error with ngomodel's error code.
// Input on stdin: {"api": path of the OpenAPI document, "codes": path of error-codes.json,
//                  "cases": [{"path": "/programs", "method": "post", "instance": value}, ...]}
// Output on stdout: {"results": [{"valid": bool, "errors": [{"instancePath", "keyword",
//                   "params", "code"}, ...]}, ...]}
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const api = JSON.parse(readFileSync(input.api, "utf8"));
const codes = JSON.parse(readFileSync(input.codes, "utf8"));

// A local reference of the OpenAPI document (a Reference Object, not a schema's $ref).
function follow(node) {
  if (typeof node?.$ref !== "string" || !node.$ref.startsWith("#/")) return node;
  const keys = node.$ref.slice(2).split("/");
  return follow(keys.reduce((at, key) => at[key.replaceAll("~1", "/").replaceAll("~0", "~")], api));
}

// Every schema resource embedded in the document (the bundle), registered by its $id, and
// where each object of it is, written as error-codes.json writes locations.
const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true });
const where = new Map();
function walk(node, location) {
  if (node === null || typeof node !== "object") return;
  where.set(node, location);
  for (const [key, value] of Object.entries(node)) {
    walk(value, `${location}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`);
  }
}
(function register(node) {
  if (node === null || typeof node !== "object") return;
  if (typeof node.$id === "string" && node.$id.startsWith(codes.base)) {
    ajv.addSchema(node);
    walk(node, `${node.$id.slice(codes.base.length)}#`);
    return;
  }
  for (const value of Object.values(node)) register(value);
})(api);

function code(error) {
  const location = `${where.get(error.parentSchema)}/${error.keyword}`;
  return codes.locations[location] ?? codes.keywords[error.keyword] ?? "invalid";
}

const results = input.cases.map(({ path, method, instance }) => {
  const body = follow(follow(api.paths[path][method]).requestBody);
  const schema = body.content["application/json"].schema;
  const validate = typeof schema.$id === "string" ? ajv.getSchema(schema.$id) : ajv.compile(schema);
  const valid = validate(instance);
  const errors = (validate.errors ?? []).map((error) => ({
    instancePath: error.instancePath,
    keyword: error.keyword,
    params: error.params,
    code: code(error),
  }));
  return { valid, errors };
});
process.stdout.write(JSON.stringify({ results }));
