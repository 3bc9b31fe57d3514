/**
 * The house's rules (../shared/docs/DESIGN.md, Layout), checked by `npm run lint`:
 * - the folders of src follow the yearly cycle and import only downward, along LAYERS;
 * - no circle of imports anywhere in src;
 * - a feature never imports another feature's entity (it asks the owner's query functions or service; a foreign key
 *   to another feature's table is declared by name, `@ForeignKey('Unit')`).
 * Table names in SQL are checked by src/architecture/table-ownership.spec.ts.
 */

// Top to bottom. A folder may import its own files and those of a later row, never of its own row or an earlier
// one, except where SAME_ROW allows it. '(entry)' is src's own files (main.ts, app.module.ts and their kin).
const LAYERS = [
  ['(entry)', 'cli', 'bench'],
  ['web', 'health'],
  ['exports'],
  ['analysis'],
  ['publications'],
  ['monitoring'],
  ['scoring'],
  ['reviews'],
  ['notices'],
  ['submissions'],
  ['cycles'],
  ['frameworks'],
  ['units'],
  ['users'],
  ['audit'],
  ['auth'],
  ['engine'],
  ['workbooks', 'storage'],
  ['config', 'database', 'queue', 'common'],
];

// Rows whose folders may use each other (a circle between them is still refused by no-circular).
const SAME_ROW = new Set(['(entry)', 'config']);

const folderPath = (folder) => (folder === '(entry)' ? '^src/[^/]+\\.ts$' : `^src/${folder}/`);

// Specs beside the code may borrow a higher folder's test data (the engine's specs use the bench's generator).
const notSpec = '\\.spec\\.ts$';

const layerRules = LAYERS.flatMap((row, index) => {
  const above = LAYERS.slice(0, index).flat();
  return row.flatMap((folder) => {
    const forbidden = [...above, ...(SAME_ROW.has(row[0]) ? [] : row.filter((peer) => peer !== folder))];
    if (forbidden.length === 0) return [];
    return {
      name: `layer-${folder.replace(/[()]/g, '')}`,
      comment: `${folder} may import only the folders below it (DESIGN.md, Layout): not ${forbidden.join(', ')}`,
      severity: 'error',
      from: { path: folderPath(folder), pathNot: notSpec },
      to: { path: forbidden.map(folderPath) },
    };
  });
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A circle of imports: one of its files must ask through a registry or an event the lower one owns.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-foreign-entity',
      comment: "A feature reads another feature's data through that feature's query functions or service, never its entity.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/.+\\.entity\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'engine-is-pure',
      comment: 'The scoring engine uses nothing of the platform: no Nest, no database, no other folder.',
      severity: 'error',
      from: { path: '^src/engine/', pathNot: notSpec },
      to: { path: ['^src/(?!engine/)', '^node_modules/(@nestjs|typeorm|pg|bullmq|ioredis)'] },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
