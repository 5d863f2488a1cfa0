/** The expression tree of a WHERE clause; node and operator names follow Python's `ast` module. */

/** A literal value (Python `ast.Constant`). */
export type ConstantValue = string | number | boolean | null;

export type CmpOp = 'Eq' | 'NotEq' | 'Lt' | 'LtE' | 'Gt' | 'GtE' | 'In' | 'NotIn' | 'Is' | 'IsNot';
export type UnaryOperator = 'Not' | 'USub' | 'UAdd' | 'Invert';
export type BoolOperator = 'And' | 'Or';

interface NodeBase {
  /** UTF-16 index of the node's first character in the parsed text. */
  start: number;
}

export interface Name extends NodeBase {
  type: 'Name';
  id: string;
}
export interface Attribute extends NodeBase {
  type: 'Attribute';
  value: Expr;
  attr: string;
}
export interface Constant extends NodeBase {
  type: 'Constant';
  value: ConstantValue;
}
export interface List extends NodeBase {
  type: 'List';
  elts: Expr[];
}
export interface Tuple extends NodeBase {
  type: 'Tuple';
  elts: Expr[];
}
export interface SetExpr extends NodeBase {
  type: 'Set';
  elts: Expr[];
}
export interface Dict extends NodeBase {
  type: 'Dict';
  keys: Expr[];
  values: Expr[];
}
export interface Keyword {
  arg: string;
  value: Expr;
}
export interface Call extends NodeBase {
  type: 'Call';
  func: Expr;
  args: Expr[];
  keywords: Keyword[];
}
export interface Compare extends NodeBase {
  type: 'Compare';
  left: Expr;
  ops: CmpOp[];
  comparators: Expr[];
}
export interface BoolOp extends NodeBase {
  type: 'BoolOp';
  op: BoolOperator;
  values: Expr[];
}
export interface UnaryOp extends NodeBase {
  type: 'UnaryOp';
  op: UnaryOperator;
  operand: Expr;
}

/** Any expression node. */
export type Expr =
  Name | Attribute | Constant | List | Tuple | SetExpr | Dict | Call | Compare | BoolOp | UnaryOp;
