"""Validate recorded simulator REST answers against the response schemas of openapi-v2.json.

Usage: validate_openapi.py SPEC RESPONSES
RESPONSES is a JSON list of {"path": "/api/v2/MT4/{tradePlatform}/MarginsGet", "method": "get", "body": {...}}.
Prints one line per response and exits 1 if any fails.
"""
import json
import sys

from openapi_schema_validator import OAS30Validator


def nullable_refs(node):
    """OpenAPI 3.0 puts `nullable: true` beside an `allOf` of a $ref (as this spec does for `error`, `meta` and
    `managerCode`); JSON Schema validators ignore that `nullable` and then refuse the null. Spell it out instead."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            node[key] = nullable_refs(value)
        if node.get("nullable") is True and ("allOf" in node or "$ref" in node):
            inner = {"allOf": node.pop("allOf")} if "allOf" in node else {"$ref": node.pop("$ref")}
            node.pop("nullable")
            node["anyOf"] = [inner, {"enum": [None]}]
        return node
    if isinstance(node, list):
        return [nullable_refs(item) for item in node]
    return node


def main() -> int:
    spec = nullable_refs(json.load(open(sys.argv[1], encoding="utf-8")))
    responses = json.load(open(sys.argv[2], encoding="utf-8"))
    failures = 0
    for item in responses:
        operation = spec["paths"][item["path"]][item["method"]]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        wrapped = dict(schema)
        wrapped["components"] = spec["components"]
        errors = sorted(OAS30Validator(wrapped).iter_errors(item["body"]), key=lambda e: list(e.path))
        if errors:
            failures += 1
            for error in errors[:5]:
                print(f"FAIL {item['path']}: {'/'.join(map(str, error.path))}: {error.message}")
        else:
            print(f"ok {item['path']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
