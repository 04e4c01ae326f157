#!/usr/bin/env python3
"""Uploads a predictions file to the CXR-LT leaderboard service and waits until it is scored.

Standard library only. Usage: CXRLT_TOKEN=... python3 submit.py SERVER CHALLENGE TASK PHASE FILE
"""
import json, os, sys, time, uuid, urllib.error, urllib.request

server, challenge, task, phase, path = sys.argv[1:6]
token = os.environ["CXRLT_TOKEN"]
boundary = uuid.uuid4().hex
with open(path, "rb") as f:
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{os.path.basename(path)}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + f.read() + f"\r\n--{boundary}--\r\n".encode()
upload = urllib.request.Request(
    f"{server}/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}/submissions",
    data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Accept": "application/json",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Idempotency-Key": str(uuid.uuid4())})  # send the same key again if you retry this upload
try:
    with urllib.request.urlopen(upload) as response:
        location = response.headers["Location"]
except urllib.error.HTTPError as e:
    problem = json.load(e)
    print(f"refused ({e.code}): {problem.get('detail')}", *problem.get("errors", []), sep="\n  ", file=sys.stderr)
    sys.exit(2)

while True:
    poll = urllib.request.Request(server + location, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(poll) as response:
        submission = json.load(response)
    if submission["status"] not in ("QUEUED", "SCORING"):
        break
    time.sleep(2)
if submission["status"] != "SCORED":
    print(submission["status"], *submission.get("errors") or [], sep="\n  ", file=sys.stderr)
    sys.exit(3)
print(json.dumps(submission["scores"]), json.dumps(submission["groups"]))
