/**
 * Jest 30 runs the Jest adapter's tests: plain CommonJS test files that load
 * the built package by name (`require('seaworthy/jest')`), as a Jest user would.
 */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/jest/**/*.test.cjs'],
  // The topology runs stage a packed copy of the package there (scripts/topology/runner-image.sh).
  modulePathIgnorePatterns: ['<rootDir>/.topology/'],
  testTimeout: 60_000,
  // No transform: the tests are plain JavaScript.
  transform: {},
};
