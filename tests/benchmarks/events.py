"""Real API Gateway (REST, proxy) events, as Lambda hands them to `app(event, context)`."""

from __future__ import annotations

import json
import uuid


class LambdaContext:
    function_name = "api_handler"
    memory_limit_in_mb = 256
    aws_request_id = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


def proxy_event(method: str, resource: str, path: str, path_parameters: dict | None = None, body=None, headers=None):
    headers = {"Accept": "application/json", "Host": "api.example", **(headers or {})}
    if body is not None:
        headers["Content-Type"] = "application/json"
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": path_parameters,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/api{path}",
            "stage": "api",
            "requestId": str(uuid.uuid4()),
            "identity": {"sourceIp": "127.0.0.1"},
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }
