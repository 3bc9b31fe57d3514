import { FrameworkIssue } from './issue';
import { arrayAt, isRecord, stringAt } from './loose';
import { CheckContext } from './tree';

const SAYS_ILLUSTRATIVE = /illustrative|minh\s+h(?:ọa|oạ)/iu;

/**
 * An invented node must never pass for an official one: when any node or pillar is a stand-in, the framework's
 * `source` (the text shown beside published results) has to say so.
 */
export function checkIllustrativeSource({ doc, nodes }: CheckContext): FrameworkIssue[] {
  const source = stringAt(doc, 'source');
  const first = firstIllustrative({ doc, nodes });
  if (first === undefined || source === undefined || SAYS_ILLUSTRATIVE.test(source.normalize('NFC'))) return [];
  return [
    {
      path: 'source',
      rule: 'illustrative-source',
      message: `${first} is illustrative, so source must say what is illustrative (e.g. "illustrative" or "minh họa")`,
    },
  ];
}

function firstIllustrative({ doc, nodes }: CheckContext): string | undefined {
  const node = nodes.find((visit) => visit.node.illustrative === true);
  if (node) return node.path;
  const pillar = arrayAt(doc, 'pillars').findIndex((item) => isRecord(item) && item.illustrative === true);
  return pillar >= 0 ? `pillars[${pillar}]` : undefined;
}
