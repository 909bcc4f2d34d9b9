// Type declarations of the `iamlab` package.

/** A case file (see the case format): its JSON text, or the object itself. */
export type CaseFileInput = string | object;

/** AWS's answer. */
export type Decision = "allowed" | "explicitDeny" | "implicitDeny";

/** A diagnostic, located in the input (lines and columns count from 1). */
export interface Diagnostic {
  /** A stable kebab-case code, such as `json-syntax` or `unknown-action`. */
  code: string;
  severity: "error" | "warning" | "suggestion";
  message: string;
  /** `input`: the text given (an object is written as JSON with two-space indentation). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  help: string | null;
  /** Other places it points at (where a missing comma belongs). */
  labels?: { message: string; line: number; column: number }[];
}

/** A statement that decided. */
export interface MatchedStatement {
  policy: string;
  policyType: "identity" | "resource" | "permissionsBoundary" | "session" | "scp" | "rcp" | "vpcEndpoint";
  /** The IAM group of the policy, if it is a group's. */
  group?: string;
  /** Its 0-based index in its policy. */
  statement: number;
  sid: string | null;
  effect: "Allow" | "Deny";
  line: number;
  column: number;
}

/** One case's result: the fields of `iamlab check --json`. */
export interface CaseResult {
  /** The case's name; empty for the one result of a file that could not be read. */
  name: string;
  /** `null` when the case could not be evaluated. */
  decision: Decision | null;
  /** The case's `expect`, if it has one (`error` expects an invalid case). */
  expected: Decision | "error" | null;
  pass: boolean;
  matchedStatements: MatchedStatement[];
  missingContextKeys: string[];
  /** The first error, when there is no decision. */
  error?: Diagnostic;
  /** Every error, when there is no decision. */
  errors?: Diagnostic[];
  warnings: Diagnostic[];
}

/** One case's whole trace. */
export interface Explained extends CaseResult {
  /** The trace: layers in AWS's order, each policy and statement, each part and condition with the
   * policy's and the request's values. The same trace the page renders. */
  explanation?: {
    decision: Decision;
    reason: { kind: string; [detail: string]: unknown };
    layers: unknown[];
    [detail: string]: unknown;
  };
  /** The decision in plain words (`Allowed`). */
  headline: string | null;
  /** Why, in one or two sentences. */
  reason: string | null;
}

/** The versions of the package, the evaluator and the catalog's data. */
export interface Version {
  package: string;
  evaluator: string;
  /** The date of AWS's action catalog in the package (`YYYY-MM-DD`). */
  dataDate: string | null;
}

/** The loaded module. */
export interface Iamlab {
  /** Runs every case of a case file; one result per case. Bad input comes back as data (`error`),
   * never thrown; a `TypeError` means the argument was neither a string nor an object. */
  check(input: CaseFileInput): CaseResult[];
  /** The trace of the case named `caseName`, or of the first case. Throws an `Error` if there is no
   * such case. */
  explain(input: CaseFileInput, caseName?: string): Explained;
  /** Every lint finding, as `iamlab lint` reports them. `kind` reads the input as a bare policy of that
   * type; without it, a bare policy (a `Statement` and no `cases` or `action`) is read as a resource
   * policy when a statement names principals, else as an identity policy. */
  lint(
    input: CaseFileInput,
    kind?: "identity" | "resource" | "trust" | "boundary" | "session" | "scp" | "rcp" | "endpoint",
  ): Diagnostic[];
  readonly version: Version;
}

/** Loads the module once; later calls return the same instance. */
export function load(): Promise<Iamlab>;
export default load;
