module.exports = {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Named jest-e2e.config so Nx does not infer a 'test' target: these run the BUILT api + worker (+ web) processes; `npm test` builds first.
  testMatch: ['**/?(*.)+(e2e-spec|browser-spec).ts'],
  testTimeout: 120_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
