import { FrameworkIssue } from './issue';
import { arrayAt, isRecord, stringAt } from './loose';
import { CheckContext } from './tree';

const SAYS_ILLUSTRATIVE = /illustrative|minh\s+h(?:ọa|oạ)/iu;

/**
 * An invented node must never pass for an official one: when any node or pillar is a stand-in, the framework's
 * `source` (the text shown beside published results) has to say so.
 */
export function checkIllustrativeSource({ doc, nodes }: CheckContext): FrameworkIssue[] {
  const pillars = arrayAt(doc, 'pillars').filter(isRecord);
  const first = [...nodes.map(({ node, path }) => ({ item: node, path })), ...pillars.map((item, i) => ({ item, path: `pillars[${i}]` }))].find(
    ({ item }) => item.illustrative === true,
  );
  const source = stringAt(doc, 'source');
  if (first === undefined || source === undefined || SAYS_ILLUSTRATIVE.test(source.normalize('NFC'))) return [];
  return [
    {
      path: 'source',
      rule: 'illustrative-source',
      message: `${first.path} is illustrative, so source must say what is illustrative (e.g. "illustrative" or "minh họa")`,
    },
  ];
}
