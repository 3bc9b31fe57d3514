/**
 * SQL for reading some nodes of score_results.nodes, a unit's whole results document (224 nodes, ~24 KB at 200
 * indicators): a ranking needs a few dozen of them per unit, and reading whole documents costs a ranking of 10,000
 * communes ~250 MB parsed in Node.
 */

/**
 * A jsonb object of these keys of a jsonb document (a key it lacks is null), the keys bound as parameters from
 * $first on; at most 50 pairs per call, as PostgreSQL takes at most 100 arguments. The document must already be
 * detoasted (see DETOASTED_NODES): each `->` on a stored document decompresses it again. So read, 24 of a 224-node
 * results document's keys take 1.7 s for 10,000 units instead of 2.5 s with jsonb_each.
 */
export function pickKeys(doc: string, keys: string[], first: number): string {
  if (keys.length === 0) return "'{}'::jsonb";
  const pairs = keys.map((_, i) => `$${first + i}::text, ${doc} -> $${first + i}::text`);
  const calls: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) calls.push(`jsonb_build_object(${pairs.slice(i, i + 50).join(', ')})`);
  return calls.join(' || ');
}

/**
 * A LATERAL item giving `g.nodes`, these nodes of a results row `r` (score_results or publication_results; keys
 * bound from $first on), read from one
 * decompressed copy of the document (`|| '{}'` behind OFFSET 0 keeps PostgreSQL from inlining it back).
 */
export function pickedNodes(keys: string[], first: number): string {
  return `CROSS JOIN LATERAL (SELECT ${pickKeys('d.doc', keys, first)} AS nodes FROM (SELECT r.nodes || '{}'::jsonb AS doc OFFSET 0) d) g`;
}
