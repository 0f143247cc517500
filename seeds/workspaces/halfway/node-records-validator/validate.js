const fs = require('fs');

function validateRecord(r) {
  const errors = [];
  if (!Number.isInteger(r.id) || r.id <= 0) {
    errors.push({ field: 'id', message: 'id must be a positive integer' });
  }
  if (typeof r.name !== 'string' || r.name.length === 0) {
    errors.push({ field: 'name', message: 'name is required' });
  }
  if (typeof r.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(r.email)) {
    errors.push({ field: 'email', message: 'invalid email: ' + r.email });
  }
  if (r.age !== undefined && (!Number.isInteger(r.age) || r.age < 13 || r.age > 120)) {
    errors.push({ field: 'age', message: 'age out of range (13-120): ' + r.age });
  }
  if (!['admin', 'editor', 'viewer'].includes(r.role)) {
    errors.push({ field: 'role', message: 'unknown role: ' + r.role });
  }
  return errors;
}

function main() {
  const file = process.argv[2] || 'data/users.json';
  const users = JSON.parse(fs.readFileSync(file, 'utf8'));

  const report = { total: users.length, valid: 0, invalid: 0, by_role: {}, errors: [] };
  const seenIds = new Set();

  users.forEach((user, index) => {
    const errors = validateRecord(user);
    if (seenIds.has(user.id)) {
      errors.push({ field: 'id', message: 'duplicate id ' + user.id });
    }
    seenIds.add(user.id);

    if (errors.length > 0) {
      report.invalid++;
      errors.forEach((e) => report.errors.push({ index, id: user.id, ...e }));
    } else {
      report.valid++;
    }
    report.by_role[user.role] = (report.by_role[user.role] || 0) + 1;
  });

  fs.mkdirSync('out', { recursive: true });
  fs.writeFileSync('out/report.json', JSON.stringify(report, null, 2));
  console.log(`checked ${report.total} records: ${report.valid} valid, ${report.invalid} invalid`);
}

module.exports = { validateRecord };

if (require.main === module) {
  main();
}
