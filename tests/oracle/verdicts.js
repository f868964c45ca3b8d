// Per-document verdicts of Backstage's catalog on catalog files, for the differential
// test of `scorecard validate`. Usage: node verdicts.js ROOT FILE... (FILE relative to
// ROOT, nothing is read outside ROOT). Prints one JSON line per file:
//   {"file": F, "error": MESSAGE}                      the file is no YAML at all, or
//   {"file": F, "documents": [{"line": L, "valid": B, "message": M}, ...]}
// Each document goes through what the catalog does to an entity read from a file:
// the YAML parse (the `yaml` package, as catalog-backend's parseEntityYaml), the
// envelope check, the $text/$json/$yaml placeholders (relative paths read from the
// file's folder; a URL is not fetched here and counts as resolved), the default
// policies (SchemaValid, DefaultNamespace, NoForeignRootFields, FieldFormat), and the
// kind validators of the built-in kinds processor plus the scaffolder's Template one.
'use strict';

const fs = require('fs');
const path = require('path');
const yaml = require('yaml');
const model = require('@backstage/catalog-model');
const { templateEntityV1beta3Validator } = require('@backstage/plugin-scaffolder-common');

const policy = model.EntityPolicies.allOf([
  new model.SchemaValidEntityPolicy(),
  new model.DefaultNamespaceEntityPolicy(),
  new model.NoForeignRootFieldsEntityPolicy(),
  new model.FieldFormatEntityPolicy(),
]);
const kindValidators = [
  model.apiEntityV1alpha1Validator,
  model.componentEntityV1alpha1Validator,
  model.resourceEntityV1alpha1Validator,
  model.groupEntityV1alpha1Validator,
  model.locationEntityV1alpha1Validator,
  model.userEntityV1alpha1Validator,
  model.systemEntityV1alpha1Validator,
  model.domainEntityV1alpha1Validator,
  templateEntityV1beta3Validator,
];
const envelope = model.entityEnvelopeSchemaValidator();
const resolvers = { text: 'text', json: 'json', yaml: 'yaml' };

function include(root, folder, key, value) {
  if (typeof value !== 'string') {
    throw new Error(`Placeholder $${key} expected a string value parameter`);
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(value)) {
    return key === 'text' ? '<fetched text>' : '<fetched data>';
  }
  const full = path.resolve(value.startsWith('/') ? root : folder, value.replace(/^\/+/, ''));
  if (full !== root && !full.startsWith(root + path.sep)) {
    throw new Error(`Placeholder $${key} could not read location ${value}`);
  }
  const content = fs.readFileSync(full, 'utf8');
  if (key === 'text') return content;
  if (key === 'json') return JSON.parse(content);
  const documents = yaml.parseAllDocuments(content).filter(d => d);
  if (documents.length !== 1 || documents[0].errors.length) {
    throw new Error(`Placeholder $yaml found no single valid document at ${value}`);
  }
  return documents[0].toJSON();
}

function substitute(root, folder, data) {
  if (!data || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.map(item => substitute(root, folder, item));
  const keys = Object.keys(data);
  if (!keys.some(k => k.startsWith('$'))) {
    return Object.fromEntries(keys.map(k => [k, substitute(root, folder, data[k])]));
  }
  if (keys.length !== 1 || !resolvers[keys[0].substring(1)]) return data;
  return include(root, folder, keys[0].substring(1), data[keys[0]]);
}

async function verdict(root, folder, json) {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`Expected object at root, got ${typeof json}`);
  }
  envelope(json);
  const entity = await policy.enforce(substitute(root, folder, json));
  for (const validator of kindValidators) {
    if (await validator.check(entity)) return;
  }
  throw new Error('No processor recognized the entity as valid (a foreign kind or apiVersion)');
}

async function main() {
  const root = fs.realpathSync(process.argv[2]);
  for (const file of process.argv.slice(3)) {
    const full = path.resolve(root, file);
    const text = fs.readFileSync(full, 'utf8');
    let parsed;
    try {
      parsed = yaml.parseAllDocuments(text).filter(d => d);
    } catch (e) {
      console.log(JSON.stringify({ file, error: String(e) }));
      continue;
    }
    const documents = [];
    for (const document of parsed) {
      const start = document.contents && document.contents.range ? document.contents.range[0] : 0;
      const line = text.slice(0, start).split('\n').length;
      if (document.errors.length) {
        documents.push({ line, valid: false, message: `YAML error: ${document.errors[0].message}` });
        continue;
      }
      const json = document.toJSON();
      if (json === null) continue;
      try {
        await verdict(root, path.dirname(full), json);
        documents.push({ line, valid: true, message: '' });
      } catch (e) {
        documents.push({ line, valid: false, message: String(e.message || e).split('\n')[0] });
      }
    }
    console.log(JSON.stringify({ file, documents }));
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
