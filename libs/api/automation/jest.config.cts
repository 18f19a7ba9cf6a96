module.exports = {
  displayName: 'api-automation',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['node', 'module-sync', 'require', 'default'] },
  transformIgnorePatterns: [
    'node_modules/(?!(music-metadata|file-type|strtok3|token-types|uint8array-extras|win-guid|@borewit/text-codec|@tokenizer/inflate|media-typer)/)',
  ],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/automation',
};
