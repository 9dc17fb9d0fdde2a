import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "u7zvn^1fo3ykzi==id@d)o(b^x05#fhxv(q2&jfd4+(_q=e&@u"
DEBUG = False
ALLOWED_HOSTS = ["routing.lumenfreight.io"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "routing",
        "USER": "routing",
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        "HOST": "pg-primary.internal",
    }
}

ANTHROPIC_API_KEY = "sk-ant-api03--rKpAGgwtKNopD237nrjV5I2DsvHd9FkFLIgU7kwv0sVSPlCDhSfAWFPQ1-68FaUV5_YFfrxEpslcy5jphVxjvrzZqS1dAA"
EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]
