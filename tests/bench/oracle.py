"""A small, independent model of IAM evaluation, for deriving benchmark expectations.

It covers only what the generated workloads use, and it is written from
docs/iam-evaluation.md, not from iamlab's code, so that `iamlab check` passing
on a generated file is a check of the evaluator against a second reading of
the rules:

* one IAM user in its own account, with identity policies, a permissions
  boundary and SCP levels (every level must allow; §7.2);
* `Action` and `NotAction` with `*` and `?`, without regard to case (§3.1);
* `Resource` patterns by the regex recipe of §3.2, after substituting the
  policy variables `${aws:username}` and `${aws:PrincipalTag/...}` (§5);
* the condition operators the generators write (§4): string, numeric, date,
  `Bool`, IP and ARN families, a missing key making a test false unless the
  operator is negated (§4.2), several values being an OR (§4.1);
* `sts:GetCallerIdentity` and `sts:GetSessionToken` needing no permission (§7.6);
* KMS keys (§7.5): without a key policy nothing grants a `kms:` action on a
  key; with the key policy the generators write, which gives the account to
  IAM, the identity side decides as for any other resource.
"""

import datetime
import ipaddress
import re


def _glob(pattern, *, fold):
    out = []
    for ch in pattern:
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("^" + "".join(out) + "$", re.DOTALL | (re.IGNORECASE if fold else 0))


def _resource_regex(pattern):
    """§3.2: `*` and `?` stay inside the first five parts unless a `*` ends its part."""
    if pattern == "*":
        return re.compile(r"^.*$", re.DOTALL)
    parts = pattern.split(":", 5)
    out = []
    for idx, part in enumerate(parts):
        rest = idx == 5
        pieces = []
        for pos, ch in enumerate(part):
            if ch == "*":
                final = pos == len(part) - 1
                pieces.append(".*" if rest or final else "[^:]*")
            elif ch == "?":
                pieces.append("." if rest else "[^:]")
            else:
                pieces.append(re.escape(ch))
        out.append("".join(pieces))
    return re.compile("^" + ":".join(out) + "$", re.DOTALL)


_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class Principal:
    """The caller: an IAM user with tags."""

    def __init__(self, account, name, tags):
        self.account = account
        self.name = name
        self.tags = dict(tags)
        self.arn = f"arn:aws:iam::{account}:user/{name}"

    def variable(self, key):
        lower = key.lower()
        if lower == "aws:username":
            return self.name
        if lower.startswith("aws:principaltag/"):
            wanted = lower.split("/", 1)[1]
            for tag, value in self.tags.items():
                if tag.lower() == wanted:
                    return value
        if lower == "aws:principalarn":
            return self.arn
        if lower == "aws:principalaccount":
            return self.account
        return None

    def substitute(self, text):
        """Returns the text with variables replaced, or None if one is unknown."""
        missing = []

        def one(match):
            value = self.variable(match.group(1))
            if value is None:
                missing.append(match.group(1))
                return ""
            return value

        result = _VARIABLE.sub(one, text)
        return None if missing else result


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _instant(text):
    text = _text(text)
    if text.isdigit():
        return datetime.datetime.fromtimestamp(int(text), datetime.timezone.utc)
    if len(text) == 10:
        text += "T00:00:00Z"
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _arn_like(pattern, value):
    p = pattern.split(":", 5)
    v = value.split(":", 5)
    if len(p) != 6 or len(v) != 6:
        return False
    for idx in range(6):
        regex = _glob(p[idx], fold=False)
        if idx < 5 and ":" in v[idx]:
            return False
        if not regex.match(v[idx]):
            return False
    return True


def _compare(family, op, policy_value, request_value):
    if family == "String":
        if op == "Equals":
            return policy_value == request_value
        if op == "EqualsIgnoreCase":
            return policy_value.lower() == request_value.lower()
        if op == "Like":
            return bool(_glob(policy_value, fold=False).match(request_value))
    if family == "Numeric":
        a, b = float(request_value), float(policy_value)
        return {"Equals": a == b, "LessThan": a < b, "LessThanEquals": a <= b,
                "GreaterThan": a > b, "GreaterThanEquals": a >= b}[op]
    if family == "Date":
        a, b = _instant(request_value), _instant(policy_value)
        return {"Equals": a == b, "LessThan": a < b, "LessThanEquals": a <= b,
                "GreaterThan": a > b, "GreaterThanEquals": a >= b}[op]
    if family == "Bool":
        return policy_value.lower() == request_value.lower()
    if family == "Ip":
        try:
            address = ipaddress.ip_address(request_value)
        except ValueError:
            return False
        network = ipaddress.ip_network(policy_value, strict=False)
        return address.version == network.version and address in network
    if family == "Arn":
        return _arn_like(policy_value, request_value)
    raise ValueError(f"operator {family}{op} is not modelled")


_OPERATOR = re.compile(
    r"^(String|Numeric|Date|Bool|Ip|Arn|NotIp)(Not)?(Equals|EqualsIgnoreCase|Like|LessThan"
    r"|LessThanEquals|GreaterThan|GreaterThanEquals|Address)?(IfExists)?$"
)


def condition_holds(operator, key, values, principal, context):
    """One operator and key of a Condition block (§4.1-4.4)."""
    if operator == "IpAddress":
        family, negated, op, if_exists = "Ip", False, "", False
    elif operator == "NotIpAddress":
        family, negated, op, if_exists = "Ip", True, "", False
    else:
        match = _OPERATOR.match(operator)
        if not match:
            raise ValueError(f"operator {operator} is not modelled")
        family, negated, op, if_exists = match.group(1), bool(match.group(2)), match.group(3) or "", bool(match.group(4))
        if family == "Arn" and op in ("Like", "Equals"):
            op = "Like"
    request = context.get(key.lower())
    if request is None:
        request = principal.variable(key)
    if request is None:
        return True if (if_exists or negated) else False
    request_text = _text(request)
    expanded = []
    for value in _as_list(values):
        value = _text(value)
        if family in ("String", "Arn"):
            value = principal.substitute(value)
            if value is None:
                continue
        expanded.append(value)
    hit = any(_compare(family, op, value, request_text) for value in expanded)
    return (not hit) if negated else hit


class Statement:
    def __init__(self, raw, principal):
        self.raw = raw
        self.effect = raw["Effect"]
        self.not_action = "NotAction" in raw
        self.actions = [_glob(a, fold=True) for a in _as_list(raw.get("NotAction", raw.get("Action")))]
        self.not_resource = "NotResource" in raw
        resources = []
        for pattern in _as_list(raw.get("NotResource", raw.get("Resource"))):
            head, sep, tail = pattern.partition("${")
            resolved = principal.substitute(pattern) if sep else pattern
            if resolved is not None:
                resources.append(_resource_regex(resolved))
        self.resources = resources
        self.conditions = [
            (operator, key, values)
            for operator, block in raw.get("Condition", {}).items()
            for key, values in block.items()
        ]

    def applies(self, action, resource, principal, context):
        hit = any(regex.match(action) for regex in self.actions)
        if hit == self.not_action:
            return False
        hit = any(regex.match(resource) for regex in self.resources)
        if hit == self.not_resource:
            return False
        return all(condition_holds(op, key, values, principal, context)
                   for op, key, values in self.conditions)


class Policies:
    """One set of policies evaluated together."""

    def __init__(self, documents, principal):
        self.statements = [Statement(s, principal) for doc in documents for s in _as_list(doc["Statement"])]

    def effects(self, action, resource, principal, context):
        allow = deny = False
        for statement in self.statements:
            if statement.applies(action, resource, principal, context):
                if statement.effect == "Allow":
                    allow = True
                else:
                    deny = True
        return allow, deny


class User:
    """The evaluation of §7.2 for one IAM user in its own account."""

    def __init__(self, principal, identity, boundary, scp_levels):
        self.principal = principal
        self.identity = Policies(identity, principal)
        self.boundary = Policies(boundary, principal) if boundary is not None else None
        self.scp_levels = [Policies(level, principal) for level in scp_levels]

    def decide(self, action, resource, context, key_policy=False):
        if action.lower() in ("sts:getcalleridentity", "sts:getsessiontoken"):
            return "allowed"
        lowered = {key.lower(): value for key, value in context.items()}
        sets = list(self.scp_levels) + [self.identity] + ([self.boundary] if self.boundary else [])
        effects = [p.effects(action, resource, self.principal, lowered) for p in sets]
        if any(deny for _, deny in effects):
            return "explicitDeny"
        strict_key = action.lower().startswith("kms:") and re.match(r"^arn:[^:]*:kms:[^:]*:[^:]*:key/", resource)
        if strict_key and not key_policy:
            return "implicitDeny"
        if all(allow for allow, _ in effects):
            return "allowed"
        return "implicitDeny"
