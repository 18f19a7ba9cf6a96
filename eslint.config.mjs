import nx from '@nx/eslint-plugin';

// Architecture rules (see ../shared/STYLE.md): integrations (spotify, soulseek, metadata) never import
// each other; they stand on library/core/database and talk through domain events; automation sits on top.
const api = ['type:core', 'type:database', 'type:contracts'];
const platform = [...api, 'type:platform'];
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/data', '**/tmp'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            { sourceTag: 'scope:web', notDependOnLibsWithTags: ['scope:api', 'scope:tools'] },
            { sourceTag: 'scope:api', notDependOnLibsWithTags: ['scope:web'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:fakes', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:database', onlyDependOnLibsWithTags: ['type:core', 'type:contracts'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [...api, 'type:fakes'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: [...api, 'type:testing'] },
            { sourceTag: 'type:library', onlyDependOnLibsWithTags: [...platform, 'type:testing', 'type:fakes'] },
            { sourceTag: 'type:integration', onlyDependOnLibsWithTags: [...platform, 'type:library', 'type:testing', 'type:fakes'] },
            { sourceTag: 'type:automation', onlyDependOnLibsWithTags: [...platform, 'type:library', 'type:integration', 'type:testing', 'type:fakes'] },
            { sourceTag: 'type:schema', notDependOnLibsWithTags: ['type:app', 'scope:web'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/jest.config.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // DTO properties need explicit types for decorator metadata (validation + OpenAPI).
      '@typescript-eslint/no-inferrable-types': ['error', { ignoreProperties: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
];
