const fs = require('fs');

const users = JSON.parse(fs.readFileSync('data/user.json', 'utf8'));

function validateRecord(user) {
  if (!user.id || !user.email.includes('@') || !user.role) {
    return false;
  }
  return true;
}

const valid = users.filter(validateRecord);
const report = {
  total: users.length,
  valid: valid.length,
  invalid: users.length - valid.length,
};

fs.writeFileSync('out/report.json', JSON.stringify(report));
console.log(report);
