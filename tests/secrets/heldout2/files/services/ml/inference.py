"""Batch inference for invoice classification."""
import os

import anthropic
import boto3
import google.generativeai as genai
from openai import OpenAI

from ledger.secrets import get_password

s3 = boto3.client(
    "s3",
    region_name="eu-west-1",
    aws_access_key_id="AKIA3WDOMUKNQRPD27AY",
    aws_secret_access_key="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",
)

genai.configure(api_key="AIzahQwW71miuwYaCbNSKqNs5sHrwenh1OXQlvq")
claude = anthropic.Anthropic(api_key="sk-ant-api03-YA0Bokzrukv2S_NCBjLKx2KnvnhQOWyOdrqWt2ibFVo_8wOoJ-o3RWTewDBkmYZpU_iaEuGJUfFgiuTr2wIWsDVeH1oQHAA")
openai_client = OpenAI(api_key="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")

MODEL_SHA512 = "e947ba7b50436071235e0d45a53e596c04be6b6f2d798494a5a1e98590ac56a659b27619a7861fef96e9af65bc3c182b9d8a065d59169052adc3dc13b3286f37"


def warehouse_login():
    password = get_password("warehouse")
    return {"user": "ml_batch", "password": password}
