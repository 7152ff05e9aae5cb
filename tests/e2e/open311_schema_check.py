#!/usr/bin/python3
"""Validates Open311 responses against the GeoReport v2 JSON Schemas (draft-07) in docs/api/open311/.

Usage: open311_schema_check.py SCHEMA_DIR CASES.json
CASES.json is a list of {"name": "...", "schema": "services.schema.json", "instance": <the response body>}.
Prints one line per case and every violation; exits 1 when any case fails, 2 on a usage error.
Runs on Debian's python3 with python3-jsonschema (an outside validator, not the product's code).
"""
import json
import os
import sys

import jsonschema


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema_dir, cases_path = sys.argv[1], sys.argv[2]
    store = {}
    for name in os.listdir(schema_dir):
        if name.endswith(".schema.json"):
            with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
                schema = json.load(f)
            jsonschema.Draft7Validator.check_schema(schema)
            store[schema["$id"]] = schema
            store[name] = schema
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    failed = 0
    for case in cases:
        schema = store.get(case["schema"])
        if schema is None:
            print(f"FAIL {case['name']}: no schema {case['schema']}")
            failed += 1
            continue
        resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
        validator = jsonschema.Draft7Validator(schema, resolver=resolver)
        errors = sorted(validator.iter_errors(case["instance"]), key=lambda e: list(e.absolute_path))
        if errors:
            failed += 1
            print(f"FAIL {case['name']} ({case['schema']}):")
            for e in errors[:20]:
                path = "/".join(str(p) for p in e.absolute_path) or "(root)"
                print(f"  at {path}: {e.message[:300]}")
        else:
            print(f"ok   {case['name']} ({case['schema']})")
    print(f"{len(cases) - failed} of {len(cases)} responses valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
