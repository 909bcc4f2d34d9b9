#!/usr/bin/env python3
"""Writes tests/bench/ten-thousand.json: a 10,000-case file for timing `iamlab check`.

Every case shares one principal (six identity policies), one SCP level and an
S3 bucket policy through `defaults`, and varies the action, the resource and
the request context.
Each case's `expect` is derived here from how the case was built, by the rules
written next to each kind of case below, and never copied from the tool's
output: `iamlab check` reporting `10000 passed, 0 failed` on this file is then
a real check of the evaluator, not a tautology.

The variety comes from a fixed-seed linear congruential generator, so the
output is the same on every run and every Python version.

Usage: python3 tests/bench/generate.py [OUTPUT]
"""

import json
import os
import sys

ACCOUNT = "111111111111"
BUCKET = "data-bucket"
CASES = 10_000

# The IP range the bucket policy blocks for s3:GetObject.
BLOCKED_PREFIX = "192.0.2."
# Regions the SQS statement accepts (aws:RequestedRegion).
SQS_REGIONS = ("us-east-1", "eu-west-1")
# The SCP denies ec2:TerminateInstances past this MFA age, in seconds.
MAX_MFA_AGE = 3600


class Lcg:
    """Knuth's MMIX linear congruential generator: the same numbers everywhere."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return self.state >> 33

    def below(self, bound):
        return self.next() % bound

    def pick(self, items):
        return items[self.below(len(items))]

    def chance(self, numerator, denominator):
        return self.below(denominator) < numerator


def policy(name, statements):
    return {"name": name, "document": {"Version": "2012-10-17", "Statement": statements}}


def defaults():
    identity = [
        policy("ReadData", [{
            "Sid": "Read",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
        }]),
        policy("HomeWrite", [{
            "Sid": "OwnHome",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/home/${{aws:username}}/*",
        }]),
        policy("Orders", [{
            "Sid": "RedTeamOrders",
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
            "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": "red"}},
        }]),
        policy("RegionalQueues", [{
            "Sid": "JobsInTwoRegions",
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Resource": f"arn:aws:sqs:*:{ACCOUNT}:jobs-*",
            "Condition": {"StringEquals": {"aws:RequestedRegion": list(SQS_REGIONS)}},
        }]),
        policy("NoDeletes", [{
            "Sid": "DenyDelete",
            "Effect": "Deny",
            "Action": "s3:DeleteObject",
            "Resource": "*",
        }]),
        policy("TerminateWithMfa", [{
            "Sid": "Terminate",
            "Effect": "Allow",
            "Action": "ec2:TerminateInstances",
            "Resource": "*",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }]),
    ]
    scp = policy("Guardrails", [
        {"Sid": "FullAccess", "Effect": "Allow", "Action": "*", "Resource": "*"},
        {
            "Sid": "FreshMfaToTerminate",
            "Effect": "Deny",
            "Action": "ec2:TerminateInstances",
            "Resource": "*",
            "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": str(MAX_MFA_AGE)}},
        },
        {"Sid": "KeepTables", "Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "*"},
    ])
    bucket_policy = policy("BucketPolicy", [{
        "Sid": "BlockRange",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{BUCKET}/*",
        "Condition": {"IpAddress": {"aws:SourceIp": BLOCKED_PREFIX + "0/24"}},
    }])
    return {
        "principal": {
            "arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
            "tags": {"team": "red"},
            "policies": identity,
        },
        "organization": {"scps": [[scp]]},
        "resource": {"arn": f"arn:aws:s3:::{BUCKET}/reports/summary.csv", "policy": bucket_policy},
    }


def no_policy(arn):
    """A resource without the default bucket policy."""
    return {"arn": arn, "policy": None}


# Each kind of case returns (action, patch, context, expect), where the patch
# is a resource object (it has "arn") or an object of case fields to merge.
# The comment above each states the rule its `expect` follows.


def get_object(rng):
    # ReadData allows s3:GetObject on the bucket; the bucket policy denies it
    # from 192.0.2.0/24, and an explicit deny wins. Without aws:SourceIp the
    # IpAddress test is false, so the deny does not apply.
    key = f"reports/{rng.pick(['q1', 'q2', 'q3', 'q4'])}/part-{rng.below(40)}.csv"
    source = rng.pick(["blocked", "open", "open", "absent"])
    context = {}
    if source == "blocked":
        context["aws:SourceIp"] = BLOCKED_PREFIX + str(1 + rng.below(254))
    elif source == "open":
        context["aws:SourceIp"] = f"203.0.113.{1 + rng.below(254)}"
    expect = "explicitDeny" if source == "blocked" else "allowed"
    return "s3:GetObject", {"arn": f"arn:aws:s3:::{BUCKET}/{key}"}, context, expect


def list_bucket(rng):
    # ReadData names the bucket ARN itself for s3:ListBucket; another bucket
    # is named by nothing.
    bucket = rng.pick([BUCKET, BUCKET, "other-bucket"])
    expect = "allowed" if bucket == BUCKET else "implicitDeny"
    resource = {"arn": f"arn:aws:s3:::{bucket}"}
    if bucket != BUCKET:
        resource["policy"] = None
    return "s3:ListBucket", resource, {"s3:prefix": rng.pick(["", "reports/", "home/"])}, expect


def put_object(rng):
    # HomeWrite allows s3:PutObject only under home/${aws:username}/, and the
    # caller is alice.
    owner = rng.pick(["alice", "alice", "bob", "carol"])
    arn = f"arn:aws:s3:::{BUCKET}/home/{owner}/upload-{rng.below(1000)}.bin"
    expect = "allowed" if owner == "alice" else "implicitDeny"
    return "s3:PutObject", {"arn": arn}, {}, expect


def delete_object(rng):
    # NoDeletes denies s3:DeleteObject on everything, whatever else holds.
    arn = f"arn:aws:s3:::{rng.pick([BUCKET, 'other-bucket'])}/tmp/{rng.below(500)}"
    return "s3:DeleteObject", {"arn": arn}, {}, "explicitDeny"


def dynamodb(rng):
    # Orders allows GetItem and PutItem on table/orders to team red. Some
    # cases re-tag the caller to team blue (a second compiled principal);
    # other actions and tables are allowed by nothing.
    action = rng.pick(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"])
    table = rng.pick(["orders", "orders", "invoices"])
    team = rng.pick(["red", "red", "red", "blue"])
    arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{table}"
    allowed = action != "dynamodb:Scan" and table == "orders" and team == "red"
    patch = {"resource": no_policy(arn)}
    if team != "red":
        patch["principal"] = {"tags": {"team": team}}
    return action, patch, {}, "allowed" if allowed else "implicitDeny"


def send_message(rng):
    # RegionalQueues allows sqs:SendMessage to jobs-* queues when
    # aws:RequestedRegion is one of SQS_REGIONS; without the key the
    # StringEquals test is false.
    region = rng.pick(["us-east-1", "eu-west-1", "ap-south-1", "us-west-2"])
    queue = rng.pick(["jobs-high", "jobs-low", "audit"])
    arn = f"arn:aws:sqs:{region}:{ACCOUNT}:{queue}"
    context = {}
    if rng.below(5) != 0:
        context["aws:RequestedRegion"] = region
    allowed = queue.startswith("jobs-") and context.get("aws:RequestedRegion") in SQS_REGIONS
    return "sqs:SendMessage", no_policy(arn), context, "allowed" if allowed else "implicitDeny"


def terminate(rng):
    # The SCP denies termination when aws:MultiFactorAuthAge is above
    # MAX_MFA_AGE (deny wins); otherwise TerminateWithMfa allows it only when
    # aws:MultiFactorAuthPresent is true.
    arn = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-{rng.below(1 << 32):08x}"
    context = {}
    mfa = rng.pick(["true", "false", "absent"])
    if mfa != "absent":
        context["aws:MultiFactorAuthPresent"] = mfa == "true"
    age = None
    if rng.below(3) != 0:
        age = rng.below(2 * MAX_MFA_AGE)
        context["aws:MultiFactorAuthAge"] = age
    if age is not None and age > MAX_MFA_AGE:
        expect = "explicitDeny"
    elif mfa == "true":
        expect = "allowed"
    else:
        expect = "implicitDeny"
    return "ec2:TerminateInstances", no_policy(arn), context, expect


def delete_table(rng):
    # The SCP denies dynamodb:DeleteTable outright.
    arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{rng.pick(['orders', 'invoices'])}"
    return "dynamodb:DeleteTable", no_policy(arn), {}, "explicitDeny"


def unrelated(rng):
    # No statement names these actions, so nothing allows them.
    action = rng.pick(["lambda:InvokeFunction", "kms:Decrypt", "iam:CreateUser", "sns:Publish"])
    return action, no_policy("*"), {"aws:RequestedRegion": "us-east-1"}, "implicitDeny"


KINDS = [
    get_object,
    get_object,
    list_bucket,
    put_object,
    delete_object,
    dynamodb,
    send_message,
    terminate,
    delete_table,
    unrelated,
]


def case(idx, rng):
    kind = KINDS[rng.below(len(KINDS))]
    action, patch, context, expect = kind(rng)
    item = {"name": f"{idx:05} {kind.__name__} {action}", "action": action}
    item.update({"resource": patch} if "arn" in patch else patch)
    if context:
        item["context"] = context
    item["expect"] = expect
    return item


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "ten-thousand.json")
    rng = Lcg(20260601)
    cases = [case(idx, rng) for idx in range(CASES)]
    compact = {"separators": (",", ":")}
    # One case per line keeps the file diffable and its positions meaningful.
    lines = ['{"defaults": ' + json.dumps(defaults(), indent=2) + ',', '"cases":[']
    lines.extend(json.dumps(c, **compact) + "," for c in cases[:-1])
    lines.append(json.dumps(cases[-1], **compact) + "]}")
    with open(output, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    counts = {}
    for c in cases:
        counts[c["expect"]] = counts.get(c["expect"], 0) + 1
    summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    print(f"wrote {len(cases)} cases to {output}: {summary}")


if __name__ == "__main__":
    main()
