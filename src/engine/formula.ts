import type { MathNode } from 'mathjs';

type Parse = (expression: string) => MathNode;
let mathParse: Parse | undefined;

/**
 * mathjs is loaded on the first formula, not with the engine: loading it takes about a second and 27 MB of heap,
 * which every process importing the engine paid (the API, the export process) though most never compile a formula.
 */
function parse(expression: string): MathNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load; compileFormula is synchronous
  mathParse ??= (require('mathjs') as typeof import('mathjs')).parse;
  return mathParse(expression);
}

/**
 * Formulas of `formula` leaves. mathjs only parses: we walk its syntax tree, refuse anything outside a small
 * arithmetic language, and evaluate with our own closures, so a framework file can never reach mathjs' scope
 * (units, constants, import, matrices) nor JavaScript's.
 */

export class FormulaError extends Error {
  constructor(
    message: string,
    readonly expression?: string,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}

export interface CompiledFormula {
  /** Free symbols in order of first appearance, excluding function names. */
  variables: string[];
  evaluate(scope: Record<string, number>): number;
}

type Scope = Record<string, number>;
type Evaluator = (scope: Scope) => number;

const round = (x: number, digits = 0): number => {
  const f = 10 ** Math.trunc(digits);
  // Half away from zero, as people round by hand (Math.round rounds -2.5 to -2).
  return (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
};

/** name → [min arity, max arity, implementation]. */
const FUNCTIONS: Record<string, [number, number, (...args: number[]) => number]> = {
  // Math.min itself, not (...a) => Math.min(...a): no array made per call.
  min: [1, Infinity, Math.min],
  max: [1, Infinity, Math.max],
  abs: [1, 1, Math.abs],
  round: [1, 2, round],
  floor: [1, 1, Math.floor],
  ceil: [1, 1, Math.ceil],
  sqrt: [1, 1, Math.sqrt],
  log: [1, 2, (x, base?: number) => (base === undefined ? Math.log(x) : Math.log(x) / Math.log(base))],
  exp: [1, 1, Math.exp],
  pow: [2, 2, Math.pow],
};

const truth = (x: number): boolean => x !== 0 && !Number.isNaN(x);
const bool = (b: boolean): number => (b ? 1 : 0);

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  mod: (a, b) => a - b * Math.floor(a / b),
  pow: (a, b) => a ** b,
  larger: (a, b) => bool(a > b),
  smaller: (a, b) => bool(a < b),
  largerEq: (a, b) => bool(a >= b),
  smallerEq: (a, b) => bool(a <= b),
  equal: (a, b) => bool(a === b),
  unequal: (a, b) => bool(a !== b),
  and: (a, b) => bool(truth(a) && truth(b)),
  or: (a, b) => bool(truth(a) || truth(b)),
  xor: (a, b) => bool(truth(a) !== truth(b)),
};

const UNARY: Record<string, (a: number) => number> = {
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
  not: (a) => bool(!truth(a)),
};

const RELATIONAL: Record<string, (a: number, b: number) => boolean> = {
  smaller: (a, b) => a < b,
  larger: (a, b) => a > b,
  smallerEq: (a, b) => a <= b,
  largerEq: (a, b) => a >= b,
  equal: (a, b) => a === b,
  unequal: (a, b) => a !== b,
};

export function compileFormula(expression: string): CompiledFormula {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new FormulaError('empty formula', expression);
  }
  let root: MathNode;
  try {
    root = parse(expression);
  } catch (e) {
    throw new FormulaError(`syntax error: ${(e as Error).message}`, expression);
  }
  const variables: string[] = [];
  const fail = (what: string): never => {
    throw new FormulaError(`${what} is not allowed in a formula`, expression);
  };

  const build = (node: MathNode): Evaluator => {
    // mathjs' node classes are not exported as types we can narrow on, so read the fields by node type.
    const n = node as unknown as Record<string, unknown> & { type: string };
    switch (n.type) {
      case 'ConstantNode': {
        const v = n.value;
        if (typeof v === 'number') return () => v;
        if (typeof v === 'boolean') return v ? () => 1 : () => 0;
        return fail(`the constant ${JSON.stringify(v)}`);
      }
      case 'SymbolNode': {
        const name = n.name as string;
        if (Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) return fail(`the function name ${name} as a value`);
        if (!variables.includes(name)) variables.push(name);
        return (scope) => {
          const v = Object.prototype.hasOwnProperty.call(scope, name) ? scope[name] : undefined;
          if (typeof v !== 'number') throw new FormulaError(`no value for ${name}`, expression);
          return v;
        };
      }
      case 'ParenthesisNode':
        return build(n.content as MathNode);
      case 'OperatorNode': {
        const fn = n.fn as string;
        const args = (n.args as MathNode[]).map(build);
        if (args.length === 1 && UNARY[fn]) {
          const f = UNARY[fn];
          const [a] = args;
          return (s) => f(a(s));
        }
        if (args.length === 2 && BINARY[fn]) {
          const [a, b] = args;
          // The four arithmetic operators in closures of their own: one call fewer per operator evaluated, which
          // counts when a run evaluates a formula for every unit (the call sites see every formula's closures).
          switch (fn) {
            case 'add':
              return (s) => a(s) + b(s);
            case 'subtract':
              return (s) => a(s) - b(s);
            case 'multiply':
              return (s) => a(s) * b(s);
            case 'divide':
              return (s) => a(s) / b(s);
          }
          const f = BINARY[fn];
          return (s) => f(a(s), b(s));
        }
        return fail(`the operator ${String(n.op)}`);
      }
      case 'RelationalNode': {
        const ops = (n.conditionals as string[]).map((c) => RELATIONAL[c] ?? fail(`the comparison ${c}`));
        const args = (n.params as MathNode[]).map(build);
        return (s) => {
          let left = args[0](s);
          for (let i = 0; i < ops.length; i++) {
            const right = args[i + 1](s);
            if (!ops[i](left, right)) return 0;
            left = right;
          }
          return 1;
        };
      }
      case 'ConditionalNode': {
        const c = build(n.condition as MathNode);
        const t = build(n.trueExpr as MathNode);
        const f = build(n.falseExpr as MathNode);
        return (s) => (truth(c(s)) ? t(s) : f(s));
      }
      case 'FunctionNode': {
        const fnNode = n.fn as unknown as { type: string; name?: string };
        if (fnNode.type !== 'SymbolNode' || !fnNode.name) return fail('a computed function call');
        const name = fnNode.name;
        const spec = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
        if (!spec) return fail(`the unknown function ${name}()`);
        const args = (n.args as MathNode[]).map(build);
        const [minArity, maxArity, impl] = spec;
        if (args.length < minArity || args.length > maxArity) {
          throw new FormulaError(`${name}() takes ${minArity}..${maxArity} arguments, got ${args.length}`, expression);
        }
        if (args.length === 1) {
          const [a] = args;
          return (s) => impl(a(s));
        }
        if (args.length === 2) {
          const [a, b] = args;
          return (s) => impl(a(s), b(s));
        }
        return (s) => impl(...args.map((a) => a(s)));
      }
      case 'AssignmentNode':
        return fail('an assignment');
      case 'FunctionAssignmentNode':
        return fail('a function definition');
      case 'AccessorNode':
      case 'IndexNode':
        return fail('property or index access');
      case 'ArrayNode':
        return fail('a matrix');
      case 'ObjectNode':
        return fail('an object');
      case 'BlockNode':
        return fail('more than one statement');
      case 'RangeNode':
        return fail('a range');
      default:
        return fail(`a ${n.type}`);
    }
  };

  const evaluator = build(root);
  return {
    variables,
    evaluate: (scope) => {
      const v = evaluator(scope);
      if (typeof v !== 'number') throw new FormulaError('the formula did not give a number', expression);
      return v;
    },
  };
}
