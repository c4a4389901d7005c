"""Schemathesis hooks for scripts/schemathesis.sh (loaded through schemathesis.toml)."""

import uuid

import schemathesis


@schemathesis.hook
def before_call(context, case, **kwargs):
    # A key names one request, as a real client's does. Generated keys repeat ("0", "") across
    # different requests, which the server rightly refuses (422, the IETF idempotency draft's answer
    # to a key reused for another request; tests/api_http.rs covers it): a fresh key per request
    # keeps that rule from counting as "valid data rejected". Whether a key is sent stays generated.
    if case.headers:
        for name in list(case.headers):
            if name.lower() == "idempotency-key":
                case.headers[name] = str(uuid.uuid4())
