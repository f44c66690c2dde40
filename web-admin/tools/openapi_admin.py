#!/usr/bin/env python3
"""Adds (or refreshes) the dashboard's /admin routes in server/src/main/resources/openapi.json.

Only keys under paths "/admin..." and the "dashboardCsrf" security scheme are written; everything else in the
document is left as it is (other features edit it too). Run from the repository root:
    python3 web-admin/tools/openapi_admin.py
"""
import json
import os
import sys

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "server", "src", "main", "resources", "openapi.json")

UUID = {"type": "string", "format": "uuid"}
COOKIE = [{"session": [], "dashboardCsrf": []}]
PAGE = {"200": {"description": "HTML page", "content": {"text/html": {}}},
        "303": {"description": "not signed in: to /admin/login"},
        "403": {"description": "signed in, but not an administrator (HTML)"}}
ACTION = {"303": {"description": "done (or refused with a message): back to the page the form came from"},
          "403": {"description": "CSRF token missing or invalid, or not an administrator (HTML)"},
          "413": {"description": "form larger than 64 KiB"}}
FORM = {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object",
        "properties": {"csrf": {"type": "string", "description": "the page's CSRF token"},
                       "back": {"type": "string", "description": "dashboard page to return to"}}}}}}


def path_param(name="id"):
    return [{"in": "path", "name": name, "required": True, "schema": UUID}]


def page(summary, params=None, extra=None):
    op = {"summary": summary, "tags": ["dashboard"], "security": [{"session": []}], "responses": dict(PAGE)}
    if params:
        op["parameters"] = params
    if extra:
        op["responses"].update(extra)
    return op


def action(summary, params=None, body=FORM, responses=None, security=COOKIE):
    op = {"summary": summary, "tags": ["dashboard"], "security": security, "responses": responses or dict(ACTION)}
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = body
    return op


def query(*names):
    return [{"in": "query", "name": n, "required": False, "schema": {"type": "string"}} for n in names]


BRIDGED = {"2XX": {"description": "the answer of the files feature's admin REST route (JSON)"},
           "401": {"description": "not signed in (JSON)"},
           "403": {"description": "CSRF token missing or invalid (header X-CSRF-Token), or not an administrator"}}

PATHS = {
    "/admin/static/{file}": {"get": {"summary": "Dashboard stylesheet, scripts and icon (public; cached for good with ?v=)",
                                     "tags": ["dashboard"], "security": [],
                                     "parameters": [{"in": "path", "name": "file", "required": True, "schema": {"type": "string"}}],
                                     "responses": {"200": {"description": "the asset"}, "304": {"description": "not modified"},
                                                   "404": {"description": "no such asset"}}}},
    "/admin/login": {
        "get": {"summary": "Dashboard sign-in page (sets the pre-session CSRF nonce cookie __Host-lk_pre)", "tags": ["dashboard"],
                "security": [], "responses": {"200": {"description": "HTML page"}, "303": {"description": "already signed in"}}},
        "post": {"summary": "Dashboard sign-in (administrators only): sets __Host-lk_session", "tags": ["dashboard"], "security": [],
                 "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object",
                     "required": ["username", "password", "csrf"], "properties": {"username": {"type": "string"},
                     "password": {"type": "string"}, "csrf": {"type": "string"}}}}}},
                 "responses": {"303": {"description": "signed in: to /admin"}, "401": {"description": "wrong credentials (HTML form again)"},
                               "403": {"description": "blocked, not an administrator, or CSRF token invalid (HTML)"},
                               "429": {"description": "too many attempts (HTML, Retry-After)"}}}},
    "/admin/logout": {"post": action("Sign out of the dashboard (ends the web session)")},
    "/admin/lang": {"post": action("Choose the dashboard language (en, ko); kept in the lk_lang cookie", security=[{"dashboardCsrf": []}])},
    "/admin": {"get": page("Overview: cards, charts, live activity")},
    "/admin/events": {"get": {"summary": "Server-Sent Events: event 'stats' every few seconds, event 'audit' (id = stream id) for "
                                         "every audit event of any node; resumes after Last-Event-ID",
                              "tags": ["dashboard"], "security": [{"session": []}],
                              "parameters": [{"in": "header", "name": "Last-Event-ID", "required": False, "schema": {"type": "string"}}],
                              "responses": {"200": {"description": "event stream", "content": {"text/event-stream": {}}},
                                            "401": {"description": "not signed in (JSON)"},
                                            "403": {"description": "not an administrator (JSON)"}}}},
    "/admin/users": {"get": page("Users: search, filter, sort, page", query("q", "filter", "sort", "dir", "page")),
                     "post": action("Create a user")},
    "/admin/users/{id}": {"get": page("A user: licenses, devices, sessions, HWID history, recent audit events", path_param()),
                          "post": action("Change a user's role and device limit", path_param())},
    "/admin/users/{id}/block": {"post": action("Block a user (ends their sessions)", path_param())},
    "/admin/users/{id}/unblock": {"post": action("Unblock a user", path_param())},
    "/admin/users/{id}/unflag": {"post": action("Clear a user's automatic flag", path_param())},
    "/admin/users/{id}/hwid-reset": {"post": action("Reset every device of a user", path_param())},
    "/admin/users/{id}/sessions/revoke": {"post": action("End every session of a user", path_param())},
    "/admin/licenses": {"get": page("Licenses: filter by product and status, page", query("product", "status", "page")),
                        "post": action("Issue a batch; with Accept: text/csv the keys come back as a CSV download (201)",
                                       responses={"201": {"description": "the keys: CSV (Accept: text/csv) or an HTML page",
                                                          "content": {"text/csv": {}, "text/html": {}}},
                                                  "303": {"description": "refused with a message"},
                                                  "403": {"description": "CSRF token missing or invalid"}})},
    "/admin/licenses/{id}": {"get": page("A license and its activations", path_param())},
    "/admin/licenses/{id}/status": {"post": action("Suspend, reinstate or revoke a license", path_param())},
    "/admin/licenses/{id}/extend": {"post": action("Extend a license by days, or set its expiry", path_param())},
    "/admin/licenses/{id}/seats": {"post": action("Change a license's activation limit", path_param())},
    "/admin/products": {"get": page("Products"), "post": action("Create a product")},
    "/admin/products/{id}": {"post": action("Change a product", path_param())},
    "/admin/devices": {"get": page("Devices: online state, last seen", query("q", "state", "page"))},
    "/admin/devices/{id}/deactivate": {"post": action("Deactivate a device (frees its seats)", path_param())},
    "/admin/devices/{id}/blacklist": {"post": action("Blacklist a device's hardware fingerprint", path_param())},
    "/admin/sessions": {"get": page("Live sessions", query("kind", "q", "page"))},
    "/admin/sessions/{id}/revoke": {"post": action("End one session", path_param())},
    "/admin/blocklist": {"get": page("IP blocks (manual and automatic) and blacklisted hardware"),
                         "post": action("Block an address or network")},
    "/admin/blocklist/{id}/delete": {"post": action("Remove an IP block", path_param())},
    "/admin/hwid-blacklist/{id}/delete": {"post": action("Allow blacklisted hardware again", path_param())},
    "/admin/audit": {"get": page("Audit log: filter, page", query("actor", "action", "target", "ip", "since", "until", "page"))},
    "/admin/audit.csv": {"get": page("Audit log as CSV (same filters, up to 10,000 events)",
                                     query("actor", "action", "target", "ip", "since", "until"),
                                     {"200": {"description": "CSV", "content": {"text/csv": {}}}})},
    "/admin/files": {"get": page("Files: versions, channels, status", query("product", "status", "channel", "page"))},
    "/admin/files/upload": {"post": action("Upload a file (raw body, streamed and encrypted by the files feature); "
                                           "query as POST /api/v1/admin/files; header X-CSRF-Token",
                                           query("product_id", "name", "version", "channel", "feature", "notes"),
                                           body={"required": True, "content": {"application/octet-stream": {}}},
                                           responses=BRIDGED)},
    "/admin/files/{id}/update": {"post": action("Yank, publish or move a file (JSON as PATCH /api/v1/admin/files/{id}); header X-CSRF-Token",
                                                path_param(), body={"required": True, "content": {"application/json": {}}},
                                                responses=BRIDGED)},
    "/admin/files/{id}/delete": {"post": action("Delete a file; header X-CSRF-Token", path_param(), body=None, responses=BRIDGED)},
}


def main():
    with open(DOC, encoding="utf-8") as f:
        doc = json.load(f)
    paths = doc.setdefault("paths", {})
    for p in [p for p in paths if p == "/admin" or p.startswith("/admin/")]:
        del paths[p]
    paths.update(PATHS)
    schemes = doc.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes["dashboardCsrf"] = {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                                "description": "dashboard CSRF token bound to the web session (or the form field csrf)"}
    with open(DOC, "w", encoding="utf-8") as f:
        # The document's own layout (indent 1, no final newline), so the diff shows only the /admin paths.
        json.dump(doc, f, indent=1, ensure_ascii=False)
    print(f"{len(PATHS)} /admin paths written to {os.path.normpath(DOC)}", file=sys.stderr)


if __name__ == "__main__":
    main()
