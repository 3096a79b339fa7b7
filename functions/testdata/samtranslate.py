"""Prints template.yaml as CloudFormation deploys it: SAM's own transform
(aws-sam-translator, which cfn-lint and the SAM CLI use), after what
`sam package` does to CodeUri. Used by samtranslate_test.go."""
import json
import os
import sys

from cfnlint.decode import decode
from samtranslator.translator.transform import transform

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")


class NoManagedPolicies:
    """The ARNs of AWS managed policies SAM attaches, without asking IAM."""

    def load(self):
        return {}


template, errors = decode(sys.argv[1])
if errors:
    sys.exit(str(errors))
# sam package uploads the folder and writes its S3 address here.
template["Globals"]["Function"]["CodeUri"] = "s3://artefacts/homehelper.zip"
out = transform(template, {"SkillId": "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"}, NoManagedPolicies())
json.dump(out, sys.stdout)
