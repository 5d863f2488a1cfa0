/** Fault-injection suite (`npm run test:faults`): minutes of real crashes, outages and fuzz. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
