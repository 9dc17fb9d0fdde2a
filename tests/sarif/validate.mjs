// validate.mjs — checks SARIF logs against the SARIF 2.1.0 JSON schema and against the extra
// requirements of GitHub code scanning that the schema leaves optional.
//
// Usage: node validate.mjs FILE.sarif [FILE2 ...]   (run.sh installs the packages first)
// Prints "ok FILE" for each valid log, or its errors (the first 20); exits 0 when all are valid,
// 1 when any is invalid, 2 on a usage error or a file that cannot be read or parsed.
//
// The schema is not copied here: it is the one @microsoft/jest-sarif ships (pinned in
// package-lock.json), "sarif-2.1.0-rtm.5.json". Apart from its $schema (draft-04), id, title and
// description typos, it is keyword for keyword the schema OASIS published with SARIF 2.1.0
// (oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json of March 2020). Two changes of the
// 2023 errata (errata01, the official schema now) are applied below to the loaded copy: a region
// must have startLine, charOffset or byteOffset, and the "language" pattern is fixed (the 2.1.0
// one, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$", has a stray "]" that is a syntax error under
// ajv's unicode regular expressions). Its other changes only loosen ("runs" may be null) or
// restate enums as strings.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const MAX_ERRORS = 20;
const SCHEMA_MODULE = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

const files = process.argv.slice(2);
if (files.length === 0 || files.some((f) => f === '-h' || f === '--help')) {
  console.error('usage: node validate.mjs FILE.sarif [FILE2 ...]');
  process.exit(2);
}

const require = createRequire(import.meta.url);
let Ajv, addFormats, schema;
try {
  Ajv = require('ajv-draft-04');
  addFormats = require('ajv-formats');
  schema = structuredClone(require(SCHEMA_MODULE));
} catch (e) {
  console.error(`cannot load the validator or the schema (${e.message}); run "bash run.sh FILE..." ` +
    'or "npm ci" in tests/sarif first');
  process.exit(2);
}
if (!/SARIF\) Version 2\.1\.0\b/.test(schema.title ?? '') ||
    JSON.stringify(schema.properties?.version?.enum) !== '["2.1.0"]') {
  console.error(`${SCHEMA_MODULE} is not the SARIF 2.1.0 schema (title: ${schema.title})`);
  process.exit(2);
}
// errata01: "region" gained anyOf [startLine, charOffset, byteOffset] ...
schema.definitions.region.anyOf ??= [
  { required: ['startLine'] }, { required: ['charOffset'] }, { required: ['byteOffset'] },
];
// ... and run.language and toolComponent.language got a pattern that is a regular expression.
for (const owner of ['run', 'toolComponent']) {
  const language = schema.definitions[owner]?.properties?.language;
  if (language?.pattern === '^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$') {
    language.pattern = '^[a-zA-Z]{2}(-[a-zA-Z]{2})?$';
  }
}

const ajv = new (Ajv.default ?? Ajv)({ strict: false, allErrors: true });
(addFormats.default ?? addFormats)(ajv);
const validateSchema = ajv.compile(schema);

function schemaErrors(log) {
  if (validateSchema(log)) return [];
  return validateSchema.errors.map((e) => {
    const where = e.instancePath || '/';
    let extra = '';
    if (e.keyword === 'additionalProperties') extra = `: ${JSON.stringify(e.params.additionalProperty)}`;
    else if (e.keyword === 'enum') extra = `: ${JSON.stringify(e.params.allowedValues)}`;
    return `schema: ${where} ${e.message}${extra}`;
  });
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmptyString = (v) => typeof v === 'string' && v.length > 0;

// GitHub code scanning ("SARIF support for code scanning") needs these although SARIF does not.
function githubErrors(log) {
  const errors = [];
  const runs = Array.isArray(log?.runs) ? log.runs : [];
  runs.forEach((run, r) => {
    if (!nonEmptyString(run?.tool?.driver?.name)) {
      errors.push(`github: /runs/${r}/tool/driver/name is required by code scanning`);
    }
    const results = Array.isArray(run?.results) ? run.results : [];
    results.forEach((result, i) => {
      const at = `/runs/${r}/results/${i}`;
      const rule = result?.rule;
      const hasRule = nonEmptyString(result?.ruleId) ||
        (isObject(rule) && (nonEmptyString(rule.id) || Number.isInteger(rule.index) && rule.index >= 0));
      if (!hasRule) errors.push(`github: ${at} needs a ruleId (or a rule with an id or index)`);
      if (!nonEmptyString(result?.message?.text)) {
        errors.push(`github: ${at}/message/text is required by code scanning (message.id alone is not enough)`);
      }
      const locations = Array.isArray(result?.locations) ? result.locations : [];
      const usable = locations.some((loc) => {
        const phys = loc?.physicalLocation;
        const line = phys?.region?.startLine;
        return nonEmptyString(phys?.artifactLocation?.uri) && Number.isInteger(line) && line >= 1;
      });
      if (!usable) {
        errors.push(`github: ${at} needs a location with physicalLocation.artifactLocation.uri and ` +
          `physicalLocation.region.startLine >= 1 (it has ${locations.length} location(s), none such)`);
      }
    });
  });
  return errors;
}

let invalid = 0;
let unreadable = 0;
for (const file of files) {
  let log;
  try {
    log = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`error ${file}: ${e.message}`);
    unreadable++;
    continue;
  }
  const errors = [...schemaErrors(log), ...githubErrors(log)];
  if (errors.length === 0) {
    console.log(`ok ${file}`);
    continue;
  }
  invalid++;
  console.log(`invalid ${file}: ${errors.length} error(s)`);
  for (const e of errors.slice(0, MAX_ERRORS)) console.log(`  ${e}`);
  if (errors.length > MAX_ERRORS) console.log(`  ... and ${errors.length - MAX_ERRORS} more`);
}
console.log(`sarif: ${files.length - invalid - unreadable} passed, ${invalid + unreadable} failed`);
process.exit(unreadable ? 2 : invalid ? 1 : 0);
