module.exports = {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // End-to-end and browser tests run the BUILT api + worker (+ web) processes; `npm test` builds first.
  testMatch: ['**/?(*.)+(e2e-spec|browser-spec).ts'],
  testTimeout: 120_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
