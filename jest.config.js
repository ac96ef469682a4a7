// `npm test` runs every project's tests. Integration suites (*.int.spec.ts) share one PostgreSQL:
// DATABASE_URL when set, otherwise an embedded one started here (libs/testing/jest/global-setup.js).
const fs = require('node:fs');
const path = require('node:path');

const projects = ['libs', 'services'].flatMap((dir) =>
  fs.existsSync(path.join(__dirname, dir))
    ? fs
        .readdirSync(path.join(__dirname, dir))
        .map((name) => path.join(__dirname, dir, name, 'jest.config.js'))
        .filter((file) => fs.existsSync(file))
    : [],
);

module.exports = {
  projects,
  globalSetup: '<rootDir>/libs/testing/jest/global-setup.js',
  globalTeardown: '<rootDir>/libs/testing/jest/global-teardown.js',
  maxWorkers: 2,
  testTimeout: 60000,
};
