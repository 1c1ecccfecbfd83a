"""A business system in plain Python that sends a verified Box Sign request through the box-sign HTTP API.

It makes the document (a one-page PDF), uploads it with POST /v1/documents into the request's folder, starts the
request with the uploaded file as its source file, waits for its outcome by long-polling, and receives the signed completion callback on a
small HTTP server of its own, verifying it with Standard Webhooks' reference library. Only the standard library
and `standardwebhooks` (requirements.txt) are used.

    BOX_SIGN_API_KEY=...  BOX_SIGN_CALLBACK_SECRET=whsec_...  \\
      python business_system.py --api http://127.0.0.1:8790 --input request.json --callback-port 8795

Secrets come from the environment, never the command line (other users can read a process's arguments).
Every step prints one JSON line on stdout; the exit code is 0 when the request ended and its callback was
verified, 1 when something failed (the line says why), 2 for bad usage.
"""

import argparse
import json
import os
import queue
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

CALLBACK_PATH = "/box-sign/callback"


def say(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


class ApiError(Exception):
    def __init__(self, status, problem):
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")
        self.status = status
        self.problem = problem


class SignApi:
    """The three calls a business system needs: start, status, result."""

    def __init__(self, base_url, api_key):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key

    def call(self, method, path, body=None, timeout=70):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.api_key}")
        request.add_header("Accept", "application/json, application/problem+json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            problem = json.loads(error.read() or b"{}")
            raise ApiError(error.code, problem) from None

    def start(self, sign_request):
        return self.call("POST", "/v1/sign-requests", sign_request)

    def upload_document(self, pdf_bytes, name, folder_id, sender=None, timeout=120):
        """POST /v1/documents: the raw bytes; 201 uploaded, 200 the same bytes were already there (same fileId)."""
        query = {"name": name, "folderId": folder_id}
        if sender is not None:
            query["senderBoxUserId"] = sender
        url = f"{self.base_url}/v1/documents?{urllib.parse.urlencode(query)}"
        request = urllib.request.Request(url, data=pdf_bytes, method="POST")
        request.add_header("Authorization", f"Bearer {self.api_key}")
        request.add_header("Content-Type", "application/pdf")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise ApiError(error.code, json.loads(error.read() or b"{}")) from None

    def result(self, business_key, wait_seconds):
        key = urllib.parse.quote(business_key, safe="")
        return self.call("GET", f"/v1/sign-requests/{key}/result?waitSeconds={wait_seconds}")


def make_pdf(title):
    """A minimal valid one-page PDF naming `title`, with the standard library only (byte offsets in the xref table)."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def start_callback_receiver(port, secret):
    """Verified events land on the returned queue; anything unverified is answered 401 and dropped."""
    events = queue.Queue()
    webhook = Webhook(secret)
    seen_ids = set()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            if self.path != CALLBACK_PATH:
                self.send_response(404)
                self.end_headers()
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            try:
                event = webhook.verify(body, headers)
            except WebhookVerificationError:
                self.send_response(401)
                self.end_headers()
                return
            self.send_response(204)
            self.end_headers()
            # The same webhook-id on every retry: handle each event once.
            if headers["webhook-id"] not in seen_ids:
                seen_ids.add(headers["webhook-id"])
                events.put((headers["webhook-id"], event))

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, events


def wait_for_result(api, business_key, deadline):
    while time.monotonic() < deadline:
        wait = max(1, min(60, int(deadline - time.monotonic())))
        status, body = api.result(business_key, wait)
        if status == 200:
            return body
    return None


def wait_for_outcome_event(events, deadline):
    while time.monotonic() < deadline:
        try:
            event_id, event = events.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        say("callback received", webhookId=event_id, type=event["type"], verified=True)
        if event["type"].startswith("sign_request."):
            return event
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", required=True, help="the API's base URL, e.g. http://127.0.0.1:8790")
    parser.add_argument("--input", required=True, help="a sign request input (JSON file)")
    parser.add_argument("--callback-port", type=int, required=True, help="port for this system's callback receiver")
    parser.add_argument("--callback-host", default="127.0.0.1", help="host name the API can reach this system at")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the outcome and callback")
    args = parser.parse_args()
    api_key = os.environ.get("BOX_SIGN_API_KEY")
    secret = os.environ.get("BOX_SIGN_CALLBACK_SECRET")
    if not api_key or not secret:
        print("BOX_SIGN_API_KEY and BOX_SIGN_CALLBACK_SECRET must be set", file=sys.stderr)
        return 2
    with open(args.input, encoding="utf-8") as file:
        sign_request = json.load(file)

    server, events = start_callback_receiver(args.callback_port, secret)
    port = server.server_address[1]
    sign_request["callback"] = {"url": f"http://{args.callback_host}:{port}{CALLBACK_PATH}"}
    api = SignApi(args.api, api_key)
    deadline = time.monotonic() + args.timeout
    try:
        # The document: made here, uploaded into the request's folder as its sender, then named as its source file.
        title = sign_request.get("name", "Agreement")
        name = f"{sign_request['businessKey']}.pdf"
        sender = (sign_request.get("sender") or {}).get("boxUserId")
        status, document = api.upload_document(make_pdf(title), name, sign_request["parentFolder"]["id"], sender)
        say("uploaded", httpStatus=status, fileId=document["fileId"], sha256=document["sha256"], size=document["size"])
        sign_request["sourceFiles"] = [{"id": document["fileId"]}]
        status, started = api.start(sign_request)
        say("started", httpStatus=status, businessKey=started["businessKey"], signRequestId=started.get("signRequestId"))
        result = wait_for_result(api, started["businessKey"], deadline)
    except ApiError as error:
        say("failed", httpStatus=error.status, type=error.problem.get("type"), detail=error.problem.get("detail"))
        return 1
    if result is None:
        say("failed", detail="no outcome before the timeout")
        return 1
    # 200 answers {"state": "completed", "result": {...}} or {"state": "failed", "failure": {"type", "message"}}.
    if result["state"] == "failed":
        say("failed", type=result["failure"]["type"], detail=result["failure"]["message"])
        return 1
    say("result", state=result["state"], outcome=result["result"]["outcome"])
    event = wait_for_outcome_event(events, deadline)
    server.shutdown()
    if event is None:
        say("failed", detail="no verified outcome callback before the timeout")
        return 1
    say("done", outcome=event["data"].get("outcome"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
