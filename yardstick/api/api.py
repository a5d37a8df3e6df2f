"""The REST API (django-ninja): one `NinjaAPI` under /api/v1/, its OpenAPI 3 schema at
/api/v1/openapi.json and its interactive page at /api/v1/docs (Swagger UI, served from this
site: no CDN, so it works under the Content-Security-Policy). One module per resource in
`resources/`; each reads through the queries and writes through the services the pages use.

Every answer to a GET carries an ETag (a digest of its body); a request whose If-None-Match
names it is answered 304 Not Modified, with no body. Errors are RFC 9457 problem details
(`problems.py`); every operation is rate limited (`throttle.py`)."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import parse_etags
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from yardstick.api import problems
from yardstick.api.auth import TokenOrPublic
from yardstick.api.resources import (
    figures,
    framework,
    measures,
    projects,
    scorecards,
    statements,
)
from yardstick.api.throttle import PerCallerThrottle

DESCRIPTION = """Yardstick's performance data: the framework, measures, targets, figures,
each measure's rating as every page shows it, scorecards, key projects and data quality
statements.

Send a personal API token (made on your account's "API tokens" page) as
`Authorization: Bearer <token>`. Without one you read what the public site shows: published
periods only. Errors are RFC 9457 problem details (`application/problem+json`). See
docs/api.md."""


class YardstickAPI(NinjaAPI):
    def create_response(self, request: HttpRequest, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            wanted = parse_etags(request.headers.get("If-None-Match", ""))
            if etag in wanted or "*" in wanted:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                return not_modified
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Problems are documented as application/problem+json, each read's 304, and the
        token as optional (`{}`: the public may call every operation, and read what the public
        site shows)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path in schema["paths"].values():
            for method, operation in path.items():
                if operation.get("security"):
                    operation["security"] = [*operation["security"], {}]
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {problems.MEDIA_TYPE: content["application/json"]}
                if method == "get":
                    operation["responses"]["304"] = {
                        "description": "Not modified: the If-None-Match ETag is current."
                    }
        return schema


api = YardstickAPI(
    title="Yardstick API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenOrPublic(),
    throttle=[PerCallerThrottle()],
)
problems.install(api)
for module in (framework, measures, figures, scorecards, projects, statements):
    api.add_router("", module.router)


@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Any other address under /api/: a problem, not the site's HTML 404 page."""
    return problems.problem(404, "There is no such API address: see /api/v1/docs.")
