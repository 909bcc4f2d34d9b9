#!/usr/bin/env python3
"""Writes the two benchmark workloads: tests/bench/realistic.json and tests/bench/large.json.

realistic: 10,000 distinct requests over 15 services (a quarter EC2), about
  2,800 distinct resource ARNs, every request carrying the seven global keys a
  real request carries; one user with tags, 10 identity policies of about 60
  statements with variables and conditions, a permissions boundary and three
  SCP levels of two policies each.
large: 5,000 identity statements in 200 policies over 40 services, and 2,000
  distinct requests.

Each case's `expect` comes from oracle.py, a small model of the evaluation
rules written from docs/iam-evaluation.md, never from the tool's output, so
`iamlab check` passing on these files checks the evaluator. The variety comes
from a fixed-seed generator: the same bytes on every run.

Usage: python3 tests/bench/workloads.py [DIRECTORY]
"""

import json
import os
import sys

from generate import Lcg, policy
from oracle import Principal, User

ACCOUNT = "111111111111"
ORG = "o-a1b2c3d4e5"
REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-south-1"]
ALLOWED_REGIONS = ["us-east-1", "eu-west-1", "us-west-2"]
TEAMS = ["platform", "data", "web"]


def hexid(rng, digits):
    return "".join("0123456789abcdef"[rng.below(16)] for _ in range(digits))


# ---------------------------------------------------------------------------
# The realistic workload.
# ---------------------------------------------------------------------------

# service -> (weight, [(action, needs a resource ARN)])
SERVICES = {
    "ec2": (25, [("DescribeInstances", False), ("DescribeVolumes", False),
                 ("DescribeSecurityGroups", False), ("StartInstances", True),
                 ("StopInstances", True), ("RebootInstances", True),
                 ("TerminateInstances", True), ("CreateTags", True),
                 ("AttachVolume", True), ("DeleteVolume", True),
                 ("AuthorizeSecurityGroupIngress", True)]),
    "s3": (9, [("GetObject", True), ("PutObject", True), ("DeleteObject", True),
               ("ListBucket", True), ("GetBucketPolicy", True), ("PutBucketPolicy", True)]),
    "iam": (5, [("GetUser", True), ("CreateUser", True), ("DeleteUser", True),
                ("ListUsers", False), ("CreateAccessKey", True), ("GetRole", True),
                ("PassRole", True), ("AttachRolePolicy", True)]),
    "dynamodb": (7, [("GetItem", True), ("PutItem", True), ("Query", True),
                     ("Scan", True), ("DeleteItem", True), ("DeleteTable", True),
                     ("DescribeTable", True)]),
    "lambda": (6, [("InvokeFunction", True), ("GetFunction", True),
                   ("UpdateFunctionCode", True), ("DeleteFunction", True),
                   ("ListFunctions", False)]),
    "ssm": (6, [("GetParameter", True), ("GetParameters", True), ("PutParameter", True),
                ("DeleteParameter", True), ("DescribeParameters", False)]),
    "kms": (5, [("Decrypt", True), ("Encrypt", True), ("GenerateDataKey", True),
                ("DescribeKey", True), ("ScheduleKeyDeletion", True), ("ListKeys", False)]),
    "logs": (6, [("CreateLogGroup", True), ("CreateLogStream", True), ("PutLogEvents", True),
                 ("DeleteLogGroup", True), ("DescribeLogGroups", False)]),
    "cloudformation": (4, [("CreateStack", True), ("UpdateStack", True),
                           ("DeleteStack", True), ("DescribeStacks", True)]),
    "cloudwatch": (4, [("PutMetricData", False), ("GetMetricData", False),
                       ("PutMetricAlarm", True), ("DeleteAlarms", True)]),
    "sqs": (5, [("SendMessage", True), ("ReceiveMessage", True), ("DeleteMessage", True),
                ("PurgeQueue", True), ("CreateQueue", True)]),
    "ecr": (4, [("GetAuthorizationToken", False), ("BatchGetImage", True),
                ("PutImage", True), ("DeleteRepository", True)]),
    "sns": (4, [("Publish", True), ("Subscribe", True), ("CreateTopic", True),
                ("DeleteTopic", True)]),
    "secretsmanager": (5, [("GetSecretValue", True), ("PutSecretValue", True),
                           ("DeleteSecret", True), ("ListSecrets", False)]),
    "sts": (5, [("GetCallerIdentity", False), ("GetSessionToken", False),
                ("DecodeAuthorizationMessage", False), ("GetAccessKeyInfo", False)]),
}


def resource_pools(rng):
    """Distinct resource ARNs per service (and per resource family where it matters)."""
    pools = {}

    def arn(service, region, rest):
        return f"arn:aws:{service}:{region}:{ACCOUNT}:{rest}"

    pools["ec2"] = (
        [arn("ec2", rng.pick(REGIONS), f"instance/i-{hexid(rng, 17)}") for _ in range(4000)]
        + [arn("ec2", rng.pick(REGIONS), f"volume/vol-{hexid(rng, 17)}") for _ in range(500)]
        + [arn("ec2", rng.pick(REGIONS), f"security-group/sg-{hexid(rng, 17)}") for _ in range(60)]
    )
    buckets = [f"team-{t}-data" for t in TEAMS] + ["shared-assets", "audit-logs"]
    objects = []
    for _ in range(2000):
        bucket = rng.pick(buckets)
        prefix = rng.pick(["home/alice", "home/bob", "reports", "raw", "tmp"])
        objects.append(f"arn:aws:s3:::{bucket}/{prefix}/{hexid(rng, 6)}.json")
    pools["s3"] = objects + [f"arn:aws:s3:::{b}" for b in buckets]
    pools["iam"] = (
        [f"arn:aws:iam::{ACCOUNT}:user/{n}" for n in ["alice", "bob", "carol", "dave"]]
        + [f"arn:aws:iam::{ACCOUNT}:user/admins/ops-{i}" for i in range(8)]
        + [f"arn:aws:iam::{ACCOUNT}:role/{t}-app-{i}" for t in TEAMS for i in range(20)]
        + [f"arn:aws:iam::{ACCOUNT}:role/admin-{i}" for i in range(10)]
    )
    pools["dynamodb"] = [arn("dynamodb", rng.pick(REGIONS), f"table/{rng.pick(TEAMS)}-{n}")
                         for n in range(70)]
    pools["lambda"] = [arn("lambda", rng.pick(REGIONS), f"function:{rng.pick(TEAMS)}-fn-{n}")
                       for n in range(110)]
    pools["ssm"] = [arn("ssm", rng.pick(REGIONS), f"parameter/{rng.pick(TEAMS)}/{rng.pick(['db', 'api', 'cache'])}-{n}")
                    for n in range(170)]
    pools["kms"] = [arn("kms", rng.pick(REGIONS),
                        f"key/{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}")
                    for _ in range(45)]
    pools["logs"] = [arn("logs", rng.pick(REGIONS),
                         f"log-group:/aws/lambda/{rng.pick(TEAMS)}-fn-{n}:log-stream:{hexid(rng, 8)}")
                     for n in range(220)]
    pools["cloudformation"] = [arn("cloudformation", rng.pick(REGIONS),
                                   f"stack/{rng.pick(TEAMS)}-stack-{n}/{hexid(rng, 8)}")
                               for n in range(70)]
    pools["cloudwatch"] = [arn("cloudwatch", rng.pick(REGIONS), f"alarm:{rng.pick(TEAMS)}-alarm-{n}")
                           for n in range(90)]
    pools["sqs"] = [arn("sqs", rng.pick(REGIONS), f"{rng.pick(TEAMS)}-queue-{n}") for n in range(70)]
    pools["ecr"] = [arn("ecr", rng.pick(REGIONS), f"repository/{rng.pick(TEAMS)}/image-{n}")
                    for n in range(45)]
    pools["sns"] = [arn("sns", rng.pick(REGIONS), f"{rng.pick(TEAMS)}-topic-{n}") for n in range(45)]
    pools["secretsmanager"] = [arn("secretsmanager", rng.pick(REGIONS),
                                   f"secret:{rng.pick(TEAMS)}/secret-{n}-{hexid(rng, 6)}")
                               for n in range(90)]
    for service in pools:
        pools[service] = sorted(set(pools[service]))
    return pools


def ec2_resource_fits(action, arn):
    if action in ("AttachVolume", "DeleteVolume"):
        return ":volume/" in arn
    if action == "AuthorizeSecurityGroupIngress":
        return ":security-group/" in arn
    if action == "CreateTags":
        return True
    return ":instance/" in arn


def s3_resource_fits(action, arn):
    is_bucket = "/" not in arn.split(":::", 1)[1]
    return is_bucket == (action in ("ListBucket", "GetBucketPolicy", "PutBucketPolicy"))


def iam_resource_fits(action, arn):
    return (":role/" in arn) == (action in ("GetRole", "PassRole", "AttachRolePolicy"))


CORP = "10.0.0.0/8"
OFFICE = "203.0.113.0/24"
TEAM_VAR = "${aws:PrincipalTag/team}"
IN_REGIONS = {"StringEquals": {"aws:RequestedRegion": ALLOWED_REGIONS[:2]}}
FROM_NETWORK = {"IpAddress": {"aws:SourceIp": [CORP, OFFICE]}}
WITH_MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"},
            "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}
BEFORE_2027 = {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}
IN_ORG = {"StringEquals": {"aws:PrincipalOrgID": ORG}}


def merge(*blocks):
    out = {}
    for block in blocks:
        for operator, keys in block.items():
            out.setdefault(operator, {}).update(keys)
    return out


def arn_of(service, rest, region="*"):
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{rest}"


def realistic_identity():
    """Ten identity policies, 60 statements."""
    team = TEAM_VAR
    return [
        policy("Ec2Operate", [
            {"Sid": "Describe", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*",
             "Condition": IN_REGIONS},
            {"Sid": "StartStop", "Effect": "Allow",
             "Action": ["ec2:StartInstances", "ec2:StopInstances", "ec2:RebootInstances"],
             "Resource": arn_of("ec2", "instance/*"), "Condition": merge(IN_REGIONS, FROM_NETWORK)},
            {"Sid": "Terminate", "Effect": "Allow", "Action": "ec2:TerminateInstances",
             "Resource": arn_of("ec2", "instance/*"), "Condition": merge(WITH_MFA, IN_REGIONS)},
            {"Sid": "Tags", "Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
             "Condition": {"StringLike": {"aws:RequestedRegion": "*-east-*"}}},
            {"Sid": "Volumes", "Effect": "Allow", "Action": ["ec2:AttachVolume", "ec2:DeleteVolume"],
             "Resource": [arn_of("ec2", "volume/*", "us-east-1"), arn_of("ec2", "instance/*", "us-east-1")],
             "Condition": FROM_NETWORK},
            {"Sid": "Ingress", "Effect": "Allow", "Action": "ec2:AuthorizeSecurityGroupIngress",
             "Resource": arn_of("ec2", "security-group/*"), "Condition": WITH_MFA},
            {"Sid": "NoTerminateOutsideNetwork", "Effect": "Deny", "Action": "ec2:TerminateInstances",
             "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": [CORP, OFFICE]}}},
        ]),
        policy("S3TeamData", [
            {"Sid": "ListTeamBuckets", "Effect": "Allow", "Action": "s3:ListBucket",
             "Resource": [f"arn:aws:s3:::team-{team}-data", "arn:aws:s3:::shared-assets"]},
            {"Sid": "ReadTeamData", "Effect": "Allow", "Action": "s3:GetObject",
             "Resource": [f"arn:aws:s3:::team-{team}-data/*", "arn:aws:s3:::shared-assets/*"],
             "Condition": BEFORE_2027},
            {"Sid": "WriteOwnHome", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
             "Resource": "arn:aws:s3:::*/home/${aws:username}/*"},
            {"Sid": "WriteTeamRaw", "Effect": "Allow", "Action": "s3:PutObject",
             "Resource": f"arn:aws:s3:::team-{team}-data/raw/*", "Condition": FROM_NETWORK},
            {"Sid": "ReadPolicies", "Effect": "Allow", "Action": "s3:GetBucketPolicy",
             "Resource": "arn:aws:s3:::*"},
            {"Sid": "TlsOnly", "Effect": "Deny", "Action": "s3:*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Sid": "KeepAudit", "Effect": "Deny", "Action": ["s3:DeleteObject", "s3:PutBucketPolicy"],
             "Resource": ["arn:aws:s3:::audit-logs", "arn:aws:s3:::audit-logs/*"]},
        ]),
        policy("SelfService", [
            {"Sid": "OwnUser", "Effect": "Allow", "Action": ["iam:GetUser", "iam:CreateAccessKey"],
             "Resource": "arn:aws:iam::*:user/${aws:username}"},
            {"Sid": "ListUsers", "Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"},
            {"Sid": "ReadRoles", "Effect": "Allow", "Action": "iam:GetRole",
             "Resource": f"arn:aws:iam::{ACCOUNT}:role/*"},
            {"Sid": "PassTeamRoles", "Effect": "Allow", "Action": "iam:PassRole",
             "Resource": f"arn:aws:iam::{ACCOUNT}:role/{team}-app-*"},
            {"Sid": "NoAdminRoles", "Effect": "Deny", "Action": "iam:*",
             "Resource": [f"arn:aws:iam::{ACCOUNT}:role/admin-*", f"arn:aws:iam::{ACCOUNT}:user/admins/*"]},
            {"Sid": "KeysWithMfa", "Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*",
             "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
        ]),
        policy("DynamoTables", [
            {"Sid": "ReadTables", "Effect": "Allow",
             "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:DescribeTable"],
             "Resource": arn_of("dynamodb", f"table/{team}-*"), "Condition": IN_ORG},
            {"Sid": "WriteItems", "Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:DeleteItem"],
             "Resource": arn_of("dynamodb", f"table/{team}-*", "us-east-1"),
             "Condition": merge(FROM_NETWORK, IN_ORG)},
            {"Sid": "ScanSmall", "Effect": "Allow", "Action": "dynamodb:Scan",
             "Resource": arn_of("dynamodb", "table/*-1?"), "Condition": BEFORE_2027},
            {"Sid": "NoDropTables", "Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "*"},
            {"Sid": "ReadAny", "Effect": "Allow", "Action": "dynamodb:Describe*", "Resource": "*",
             "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}},
        ]),
        policy("LambdaDeploy", [
            {"Sid": "Invoke", "Effect": "Allow", "Action": ["lambda:InvokeFunction", "lambda:GetFunction"],
             "Resource": arn_of("lambda", f"function:{team}-*")},
            {"Sid": "Deploy", "Effect": "Allow", "Action": "lambda:UpdateFunctionCode",
             "Resource": arn_of("lambda", f"function:{team}-*"),
             "Condition": merge(WITH_MFA, FROM_NETWORK)},
            {"Sid": "List", "Effect": "Allow", "Action": "lambda:List*", "Resource": "*"},
            {"Sid": "NoDeleteOutsideEast", "Effect": "Deny", "Action": "lambda:DeleteFunction",
             "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}}},
            {"Sid": "DeleteOwn", "Effect": "Allow", "Action": "lambda:DeleteFunction",
             "Resource": arn_of("lambda", f"function:{team}-fn-*")},
        ]),
        policy("Parameters", [
            {"Sid": "ReadTeamParameters", "Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:GetParameters"],
             "Resource": arn_of("ssm", f"parameter/{team}/*")},
            {"Sid": "WriteTeamParameters", "Effect": "Allow", "Action": ["ssm:PutParameter", "ssm:DeleteParameter"],
             "Resource": arn_of("ssm", f"parameter/{team}/*"), "Condition": WITH_MFA},
            {"Sid": "Describe", "Effect": "Allow", "Action": "ssm:Describe*", "Resource": "*"},
            {"Sid": "NoDbParameters", "Effect": "Deny", "Action": "ssm:PutParameter",
             "Resource": arn_of("ssm", "parameter/*/db-*")},
            {"Sid": "Secrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
             "Resource": arn_of("secretsmanager", f"secret:{team}/*"),
             "Condition": merge(FROM_NETWORK, BEFORE_2027)},
            {"Sid": "ListSecrets", "Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*"},
            {"Sid": "RotateSecrets", "Effect": "Allow",
             "Action": ["secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret"],
             "Resource": arn_of("secretsmanager", f"secret:{team}/*"), "Condition": WITH_MFA},
        ]),
        policy("Keys", [
            {"Sid": "UseKeys", "Effect": "Allow",
             "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"],
             "Resource": arn_of("kms", "key/*"), "Condition": IN_REGIONS},
            {"Sid": "DescribeKeys", "Effect": "Allow", "Action": ["kms:DescribeKey", "kms:List*"],
             "Resource": "*"},
            {"Sid": "NoKeyDeletion", "Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*",
             "Condition": {"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "900"}}},
            {"Sid": "DeleteKeysWithMfa", "Effect": "Allow", "Action": "kms:ScheduleKeyDeletion",
             "Resource": "*", "Condition": WITH_MFA},
        ]),
        policy("Observability", [
            {"Sid": "Logs", "Effect": "Allow",
             "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": arn_of("logs", f"log-group:/aws/lambda/{team}-*")},
            {"Sid": "DescribeLogs", "Effect": "Allow", "Action": "logs:Describe*", "Resource": "*"},
            {"Sid": "NoLogDeletion", "Effect": "Deny", "Action": "logs:DeleteLogGroup", "Resource": "*"},
            {"Sid": "Metrics", "Effect": "Allow", "Action": ["cloudwatch:PutMetricData", "cloudwatch:GetMetricData"],
             "Resource": "*", "Condition": IN_REGIONS},
            {"Sid": "Alarms", "Effect": "Allow", "Action": ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"],
             "Resource": arn_of("cloudwatch", f"alarm:{team}-*")},
            {"Sid": "Stacks", "Effect": "Allow",
             "Action": ["cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DescribeStacks"],
             "Resource": arn_of("cloudformation", f"stack/{team}-*/*")},
            {"Sid": "DeleteStacks", "Effect": "Allow", "Action": "cloudformation:DeleteStack",
             "Resource": arn_of("cloudformation", f"stack/{team}-*/*"),
             "Condition": merge(WITH_MFA, FROM_NETWORK)},
        ]),
        policy("Messaging", [
            {"Sid": "Queues", "Effect": "Allow",
             "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
             "Resource": arn_of("sqs", f"{team}-queue-*")},
            {"Sid": "CreateQueues", "Effect": "Allow", "Action": "sqs:CreateQueue",
             "Resource": arn_of("sqs", "*"), "Condition": IN_REGIONS},
            {"Sid": "NoPurge", "Effect": "Deny", "Action": "sqs:PurgeQueue", "Resource": "*",
             "Condition": {"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/admins/*"}}},
            {"Sid": "Topics", "Effect": "Allow", "Action": ["sns:Publish", "sns:Subscribe"],
             "Resource": arn_of("sns", f"{team}-*")},
            {"Sid": "ManageTopics", "Effect": "Allow", "Action": ["sns:CreateTopic", "sns:DeleteTopic"],
             "Resource": arn_of("sns", "*"),
             "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/${aws:username}"},
                           "StringEqualsIgnoreCase": {"aws:RequestedRegion": "US-EAST-1"}}},
        ]),
        policy("Containers", [
            {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
            {"Sid": "Pull", "Effect": "Allow", "Action": "ecr:BatchGetImage",
             "Resource": arn_of("ecr", "repository/*")},
            {"Sid": "Push", "Effect": "Allow", "Action": "ecr:PutImage",
             "Resource": arn_of("ecr", f"repository/{team}/*"), "Condition": FROM_NETWORK},
            {"Sid": "NoRepositoryDeletion", "Effect": "Deny", "Action": "ecr:DeleteRepository",
             "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-12-15T00:00:00Z"}}},
            {"Sid": "DeleteRepositories", "Effect": "Allow", "Action": "ecr:DeleteRepository",
             "Resource": arn_of("ecr", "repository/*")},
            {"Sid": "Sts", "Effect": "Allow", "Action": ["sts:DecodeAuthorizationMessage"],
             "Resource": "*"},
            {"Sid": "StsDeny", "Effect": "Deny", "Action": "sts:GetAccessKeyInfo", "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": ORG}}},
            {"Sid": "StsKeyInfo", "Effect": "Allow", "Action": "sts:GetAccessKeyInfo", "Resource": "*"},
        ]),
    ]


def realistic_boundary():
    return policy("DeveloperBoundary", [
        {"Sid": "Services", "Effect": "Allow",
         "Action": [f"{s}:*" for s in SERVICES if s not in ("iam", "kms")], "Resource": "*"},
        {"Sid": "IamSelf", "Effect": "Allow",
         "Action": ["iam:Get*", "iam:List*", "iam:CreateAccessKey", "iam:PassRole"], "Resource": "*"},
        {"Sid": "KmsUse", "Effect": "Allow", "NotAction": ["kms:ScheduleKeyDeletion", "kms:Create*"],
         "Resource": "*"},
        {"Sid": "NoBoundaryEscape", "Effect": "Deny",
         "Action": ["iam:DeleteUserPermissionsBoundary", "iam:CreateUser"], "Resource": "*"},
    ])


def full_access(name):
    return policy(name, [{"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}])


def realistic_scps():
    root = [
        full_access("FullAWSAccess"),
        policy("RegionLock", [{
            "Sid": "DenyOtherRegions", "Effect": "Deny",
            "NotAction": ["iam:*", "sts:*", "cloudfront:*", "support:*"], "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ALLOWED_REGIONS}},
        }]),
    ]
    workloads = [
        full_access("FullAWSAccess"),
        policy("Guardrails", [
            {"Sid": "NoOrgExit", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
            {"Sid": "ProtectAudit", "Effect": "Deny", "Action": ["s3:PutBucketPolicy", "s3:DeleteBucket"],
             "Resource": "arn:aws:s3:::audit-*"},
            {"Sid": "OffHours", "Effect": "Deny", "Action": ["ec2:TerminateInstances", "ec2:DeleteVolume"],
             "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-12-24T00:00:00Z"}}},
        ]),
    ]
    account = [
        policy("AllowedServices", [{
            "Sid": "Services", "Effect": "Allow",
            "Action": [f"{s}:*" for s in SERVICES if s != "sns"] + ["sns:Publish", "sns:Subscribe"],
            "Resource": "*",
        }]),
        policy("DataPerimeter", [
            {"Sid": "NoPublicIngress", "Effect": "Deny", "Action": "ec2:AuthorizeSecurityGroupIngress",
             "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": CORP}}},
            {"Sid": "TlsOnly", "Effect": "Deny", "Action": ["sqs:*", "sns:*"], "Resource": "*",
             "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}},
        ]),
    ]
    return [root, workloads, account]


KEY_POLICY = policy("KeyPolicy", [{
    "Sid": "EnableIamPolicies", "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*",
}])


def global_context(rng):
    """The seven global keys of a real request."""
    network = rng.below(10)
    if network < 6:
        ip = f"10.{rng.below(256)}.{rng.below(256)}.{1 + rng.below(254)}"
    elif network < 8:
        ip = f"203.0.113.{1 + rng.below(254)}"
    else:
        ip = f"198.51.100.{1 + rng.below(254)}"
    mfa = rng.chance(7, 10)
    day = 1 + rng.below(31)
    time = f"2026-12-{day:02}T{rng.below(24):02}:{rng.below(60):02}:{rng.below(60):02}Z"
    return {
        "aws:SourceIp": ip,
        "aws:RequestedRegion": None,  # filled from the resource
        "aws:MultiFactorAuthPresent": mfa,
        "aws:MultiFactorAuthAge": rng.below(5400) if mfa else rng.below(86400),
        "aws:SecureTransport": rng.below(25) != 0,
        "aws:CurrentTime": time,
        "aws:PrincipalOrgID": ORG if rng.below(20) != 0 else "o-other00000",
    }


def realistic_request(rng, pools):
    total = sum(weight for weight, _ in SERVICES.values())
    roll = rng.below(total)
    for service, (weight, actions) in SERVICES.items():
        if roll < weight:
            break
        roll -= weight
    action, needs_arn = rng.pick(actions)
    if needs_arn:
        fits = {"ec2": ec2_resource_fits, "s3": s3_resource_fits, "iam": iam_resource_fits}.get(service)
        while True:
            arn = rng.pick(pools[service])
            if fits is None or fits(action, arn):
                break
    else:
        arn = "*"
    context = global_context(rng)
    parts = arn.split(":")
    region = parts[3] if arn != "*" and parts[3] else rng.pick(REGIONS)
    context["aws:RequestedRegion"] = region
    return f"{service}:{action}", arn, context


def realistic():
    rng = Lcg(20261207)
    pools = resource_pools(rng)
    principal = Principal(ACCOUNT, "alice", {"team": "platform", "costcenter": "cc-42"})
    identity = realistic_identity()
    boundary = realistic_boundary()
    scps = realistic_scps()
    user = User(principal, [p["document"] for p in identity], [boundary["document"]],
                [[p["document"] for p in level] for level in scps])
    defaults = {
        "principal": {
            "arn": principal.arn,
            "tags": principal.tags,
            "policies": identity,
            "permissionsBoundary": boundary,
        },
        "organization": {"scps": scps},
    }
    cases, seen, arns = [], set(), set()
    while len(cases) < 10_000:
        action, arn, context = realistic_request(rng, pools)
        key = (action, arn, json.dumps(context, sort_keys=True))
        if key in seen:
            continue
        seen.add(key)
        arns.add(arn)
        item = {"name": f"{len(cases):05} {action}", "action": action}
        resource = {"arn": arn}
        if action.startswith("kms:") and ":key/" in arn:
            resource["policy"] = KEY_POLICY
        item["resource"] = resource
        item["context"] = context
        item["expect"] = user.decide(action, arn, context, key_policy="policy" in resource)
        cases.append(item)
    return {"defaults": defaults, "cases": cases}, len(arns)


# ---------------------------------------------------------------------------
# The large workload.
# ---------------------------------------------------------------------------

LARGE_SERVICES = [
    "acm", "apigateway", "athena", "autoscaling", "backup", "batch", "cloudformation",
    "cloudfront", "cloudtrail", "cloudwatch", "codebuild", "codecommit", "codepipeline",
    "cognito-idp", "dynamodb", "ec2", "ecr", "ecs", "eks", "elasticache",
    "elasticloadbalancing", "events", "firehose", "glue", "iam", "kinesis", "kms",
    "lambda", "logs", "rds", "redshift", "route53", "s3", "secretsmanager", "ses",
    "sns", "sqs", "ssm", "states", "sts",
]
VERBS = ["Get", "List", "Describe", "Create", "Delete", "Update", "Put", "Tag", "Start", "Stop"]
NOUNS = ["Resource", "Item", "Config", "Policy", "Job", "Stream", "Function", "Table",
         "Group", "Rule", "Key", "Alias"]


def large_arn(rng, service, noun, index):
    region = rng.pick(REGIONS)
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{noun.lower()}/{rng.pick(TEAMS)}-{index}"


def large_condition(rng):
    choice = rng.below(6)
    if choice == 0:
        return {"StringEquals": {"aws:RequestedRegion": rng.pick(ALLOWED_REGIONS)}}
    if choice == 1:
        return {"IpAddress": {"aws:SourceIp": rng.pick([CORP, OFFICE])}}
    if choice == 2:
        return {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    if choice == 3:
        return {"NumericLessThan": {"aws:MultiFactorAuthAge": str(600 * (1 + rng.below(6)))}}
    if choice == 4:
        return {"StringLike": {"aws:PrincipalTag/team": rng.pick(["plat*", "data", "*"])}}
    return {"DateLessThan": {"aws:CurrentTime": f"2026-12-{1 + rng.below(31):02}T00:00:00Z"}}


def large_statement(rng, number):
    service = rng.pick(LARGE_SERVICES)
    verb = rng.pick(VERBS)
    noun = rng.pick(NOUNS)
    if number % 10 == 0:
        action = f"{service}:{verb}*"
    else:
        action = [f"{service}:{verb}{noun}", f"{service}:{rng.pick(VERBS)}{rng.pick(NOUNS)}"]
    if number % 7 == 0:
        resource = "*"
    else:
        suffix = rng.pick([f"{TEAM_VAR}-*", f"{rng.pick(TEAMS)}-*", f"{rng.pick(TEAMS)}-1*"])
        resource = f"arn:aws:{service}:*:{ACCOUNT}:{noun.lower()}/{suffix}"
    statement = {
        "Sid": f"S{number}",
        "Effect": "Deny" if number % 25 in (3, 17) else "Allow",
        "Action": action,
        "Resource": resource,
    }
    if rng.below(2) == 0:
        statement["Condition"] = large_condition(rng)
    return statement


def large():
    rng = Lcg(5000200)
    principal = Principal(ACCOUNT, "alice", {"team": "platform"})
    identity = []
    number = 0
    for p in range(200):
        statements = []
        for _ in range(25):
            statements.append(large_statement(rng, number))
            number += 1
        identity.append(policy(f"Policy{p:03}", statements))
    user = User(principal, [p["document"] for p in identity], None, [])
    defaults = {"principal": {"arn": principal.arn, "tags": principal.tags, "policies": identity}}
    cases, seen = [], set()
    while len(cases) < 2_000:
        service = rng.pick(LARGE_SERVICES)
        noun = rng.pick(NOUNS)
        action = f"{service}:{rng.pick(VERBS)}{noun}"
        arn = large_arn(rng, service, noun, rng.below(30))
        context = global_context(rng)
        context["aws:RequestedRegion"] = arn.split(":")[3]
        key = (action, arn, json.dumps(context, sort_keys=True))
        if key in seen:
            continue
        seen.add(key)
        cases.append({
            "name": f"{len(cases):04} {action}",
            "action": action,
            "resource": {"arn": arn},
            "context": context,
            "expect": user.decide(action, arn, context),
        })
    return {"defaults": defaults, "cases": cases}, number


def write(path, data):
    compact = {"separators": (",", ":")}
    lines = ['{"defaults": ' + json.dumps(data["defaults"], indent=1) + ',', '"cases":[']
    lines.extend(json.dumps(c, **compact) + "," for c in data["cases"][:-1])
    lines.append(json.dumps(data["cases"][-1], **compact) + "]}")
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    counts = {}
    for c in data["cases"]:
        counts[c["expect"]] = counts.get(c["expect"], 0) + 1
    return ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    directory = sys.argv[1] if len(sys.argv) > 1 else here
    data, distinct_arns = realistic()
    summary = write(os.path.join(directory, "realistic.json"), data)
    print(f"realistic.json: {len(data['cases'])} cases, {distinct_arns} distinct resources: {summary}")
    data, statements = large()
    summary = write(os.path.join(directory, "large.json"), data)
    print(f"large.json: {len(data['cases'])} cases, {statements} statements: {summary}")


if __name__ == "__main__":
    main()
