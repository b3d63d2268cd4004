import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { loadSubgraphSdl, subgraphSchemaDir } from '/work/main/consent/enforcement/subgraph-kit.js';
const names = process.argv.slice(2);
const result = composeServices(names.map((name) => ({ name, url: `http://x/${name}`, typeDefs: parse(loadSubgraphSdl(subgraphSchemaDir(name as never))) })));
if (result.errors) { for (const e of result.errors) console.log('ERROR', e.message); }
else { console.log('OK'); for (const h of result.hints ?? []) console.log('HINT', h.definition.code, h.message.slice(0, 200)); }
