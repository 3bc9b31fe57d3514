/** The what-if of the officer's score card (#22 point 5) in English; what-if.vi.ts has the same keys. */
export const whatIfEn: Record<keyof typeof import('./what-if.vi').whatIfVi, string> = {
  'ofc.whatIf.title': 'What if: change some indicators',
  'ofc.whatIf.intro':
    "Give assumed values to a few indicators to see the unit's index and rank against the other units' published results. Nothing is saved and the official results do not change.",
  'ofc.whatIf.caption': 'The indicators: the published final value and the assumed one',
  'ofc.whatIf.indicator': 'Indicator',
  'ofc.whatIf.current': 'Published value',
  'ofc.whatIf.assumed': 'Assumed value',
  'ofc.whatIf.empty': '(empty)',
  'ofc.whatIf.points': "Reviewers' points (0–{max})",
  'ofc.whatIf.notOffered': 'Indicators computed by a formula of several figures, or text only, are not in the simulation.',
  'ofc.whatIf.submit': 'Try it',
  'ofc.whatIf.reset': 'Back to the published values',
  'ofc.whatIf.resultTitle': 'Simulated result',
  'ofc.whatIf.changed': '{count} indicators assumed: {codes}.',
  'ofc.whatIf.unchanged': 'No indicator changed: the result is the published one.',
  'ofc.whatIf.before': 'Published',
  'ofc.whatIf.after': 'With the assumed values',
  'ofc.whatIf.up': 'up {places} places',
  'ofc.whatIf.down': 'down {places} places',
  'ofc.whatIf.same': 'the same rank',
  'ofc.whatIf.estimate':
    "The rank is an estimate: the assumed values move the minimum, maximum or mean of {codes}, so a full scoring would move the other units' normalised values too.",
  'ofc.whatIf.cheapestTitle': 'The three steps that gain the most places',
  'ofc.whatIf.cheapestIntro':
    "Each step is the least change of one indicator, on top of the assumed values above: the next option, the next threshold, a tenth more of the range (target or goalposts), or 1 more reviewer's point.",
  'ofc.whatIf.step': '{code} · {name}: {from} → {to}',
  'ofc.whatIf.stepResult': 'index {index}, rank {rank} ({change})',
  'ofc.whatIf.indexUp': 'same rank, higher index',
  'ofc.whatIf.noSteps': 'No step left raises the index.',
  'ofc.whatIf.refused': 'The simulation could not be computed: the assumed value of {codes} is not valid.',
};
