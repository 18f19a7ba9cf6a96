const nxPreset = require('@nx/jest/preset').default;

// Unit tests are *.spec.ts; integration tests against the real PostgreSQL/Redis are *.int-spec.ts.
module.exports = {
  ...nxPreset,
  passWithNoTests: true,
  testMatch: ['**/?(*.)+(spec|int-spec|test).[jt]s?(x)'],
};
