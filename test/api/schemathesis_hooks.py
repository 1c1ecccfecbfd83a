"""Schemathesis hooks (SCHEMATHESIS_HOOKS) for test/api/schemathesis.test.ts.

The published schema states every rule JSON Schema can express; a few of the API's rules it cannot (a deadline in the
future, signer emails unique regardless of case, duration bounds, the tags Box keeps in emailMessage, the callback
host policy, which resolves the host, which sealing keys the workers hold: a generated {sealed} is never theirs, and
the hidden characters beyond the Basic Multilingual Plane)
and what exists in Box (a generated templateId names no template: the input goes with a file instead). A generated *positive* sign-request input is made to keep those rules here, so
that "schema-valid request rejected" means a rule the schema could state and does not. Negative cases are untouched.
"""

import schemathesis

FUTURE = "2999-12-31T23:59:59Z"
INPUT_PATHS = {"/v1/sign-requests", "/v1/sign-requests/{businessKey}/reissue"}


def _keep_unstated_rules(body):
    if not isinstance(body, dict):
        return
    if "templateId" in body:
        del body["templateId"]
        body["sourceFiles"] = [{"id": "1234567890"}]
    if "deadline" in body:
        body["deadline"] = FUTURE
    if "createTimeout" in body:
        body["createTimeout"] = "30m"
    if isinstance(body.get("evidence"), dict):
        evidence = body["evidence"]
        if "wait" in evidence:
            evidence["wait"] = "2m"
        if "alertAfter" in evidence:
            evidence["alertAfter"] = "1h"
    if "emailMessage" in body:
        body["emailMessage"] = "Please sign."
    # The callback host policy resolves the host: no generated host passes it, and none should get callbacks.
    body.pop("callback", None)
    for signer in body.get("signers") or []:
        if not isinstance(signer, dict):
            continue
        if isinstance(signer.get("password"), dict):
            signer["password"] = "generated password"
        if isinstance(signer.get("verificationPhoneNumber"), dict):
            signer["verificationPhoneNumber"] = "+15551232190"
        method = signer.get("verificationMethod")
        if isinstance(method, dict) and isinstance(method.get("phoneNumber"), dict):
            method["phoneNumber"] = "+15551232190"
    # The email pattern states the hidden characters of the Basic Multilingual Plane only (json-text-patterns.ts).
    for index, signer in enumerate(body.get("signers") or []):
        if isinstance(signer, dict) and isinstance(signer.get("email"), str):
            if any(ord(char) > 0xFFFF for char in signer["email"]):
                signer["email"] = f"signer{index}@example.com"
    seen = set()
    for index, signer in enumerate(body.get("signers") or []):
        if not isinstance(signer, dict) or not isinstance(signer.get("email"), str):
            continue
        if signer["email"].lower() in seen:
            signer["email"] = f"signer{index}@example.com"
        seen.add(signer["email"].lower())


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return case
    if context.operation is not None and context.operation.path in INPUT_PATHS and case.method.upper() == "POST":
        _keep_unstated_rules(case.body)
    return case
