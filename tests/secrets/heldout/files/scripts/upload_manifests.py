#!/usr/bin/env python3
"""Nightly upload of carrier manifests to S3 plus a summary from the LLM."""
import sys

import boto3
import openai

s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIA7456STFWJHRI4O3L",
    aws_secret_access_key="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",
    region_name="eu-west-1",
)

openai.api_key = "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"


def main(paths):
    for p in paths:
        s3.upload_file(p, "lumen-freight-manifests", p.rsplit("/", 1)[-1])


if __name__ == "__main__":
    main(sys.argv[1:])
