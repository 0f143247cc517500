'use strict';
// Validate user records and write out/report.json and out/valid_users.json.
// Usage: node validate.js [FILE]   (FILE defaults to data/users.json)
const fs = require('node:fs');
const path = require('node:path');

const ROLES = ['admin', 'editor', 'viewer'];
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;

const describe = (value) => (value === undefined ? 'nothing' : JSON.stringify(value));

// One rule per field: returns an error message, or null when the value is fine.
const RULES = [
  ['id', (v) => (Number.isInteger(v) && v > 0 ? null : `id must be a positive integer, got ${describe(v)}`)],
  ['name', (v) => (typeof v === 'string' && v.trim() !== '' ? null : `name must be a non-empty string, got ${describe(v)}`)],
  ['email', (v) => (typeof v === 'string' && EMAIL_RE.test(v) ? null : `email must look like local@domain.tld, got ${describe(v)}`)],
  ['age', (v) => (v === undefined || (Number.isInteger(v) && v >= 13 && v <= 120) ? null : `age must be an integer from 13 to 120, got ${describe(v)}`)],
  ['role', (v) => (ROLES.includes(v) ? null : `role must be one of ${ROLES.join(', ')}, got ${describe(v)}`)],
];

/** Errors of a single record ([] when valid); id uniqueness is checked by validateAll. */
function validateRecord(record) {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return [{ field: 'record', message: `record must be an object, got ${describe(record)}` }];
  }
  const errors = [];
  for (const [field, rule] of RULES) {
    const message = rule(record[field]);
    if (message) errors.push({ field, message });
  }
  return errors;
}

/** Validate a whole array of records, including id uniqueness. */
function validateAll(records) {
  const seen = new Map(); // id -> index of the first record using it
  const errors = [];
  const valid = [];
  const byRole = Object.fromEntries(ROLES.map((role) => [role, 0]));

  records.forEach((record, index) => {
    const recordErrors = validateRecord(record);
    const id = record && typeof record === 'object' ? record.id : undefined;
    if (Number.isInteger(id) && id > 0) {
      if (seen.has(id)) {
        recordErrors.unshift({ field: 'id', message: `id ${id} is already used by the record at index ${seen.get(id)}` });
      } else {
        seen.set(id, index);
      }
    }
    for (const error of recordErrors) errors.push({ index, id: id === undefined ? null : id, ...error });
    if (recordErrors.length === 0) {
      valid.push(record);
      byRole[record.role] += 1;
    }
  });

  return {
    report: { total: records.length, valid: valid.length, invalid: records.length - valid.length, by_role: byRole, errors },
    valid,
  };
}

function main(argv) {
  const file = argv[0] || path.join('data', 'users.json');
  let records;
  try {
    records = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`validate: cannot read ${file}: ${err.message}`);
    return 2;
  }
  if (!Array.isArray(records)) {
    console.error(`validate: ${file} must contain a JSON array`);
    return 2;
  }
  const { report, valid } = validateAll(records);
  fs.mkdirSync('out', { recursive: true });
  fs.writeFileSync(path.join('out', 'report.json'), JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(path.join('out', 'valid_users.json'), JSON.stringify(valid, null, 2) + '\n');
  console.log(`${report.total} records: ${report.valid} valid, ${report.invalid} invalid`);
  for (const e of report.errors) console.log(`  [${e.index}] id=${e.id} ${e.field}: ${e.message}`);
  return report.invalid > 0 ? 1 : 0;
}

module.exports = { validateRecord, validateAll, RULES };

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
