#!/usr/bin/env python3
"""Writes detection_finding-1.3.0.official.schema.json: the OCSF 1.3.0 Detection Finding class (2004) as a JSON
Schema (draft 2020-12), compiled from the official ocsf/ocsf-schema sources at tag 1.3.0 (commit c8bde8c4), not
from FlagStream's own subset. What it enforces, as the OCSF server's validator does:
  - the class's attributes through its inheritance (base_event > finding > detection_finding), its includes
    (classification, occurrence) and profiles (optional: no profile is applied); nothing else at any level
    ("additionalProperties": false),
  - requirement "required" at every level, the attribute types of dictionary.json (primitive types resolved),
    arrays where the dictionary says is_array, integer enums (ids) merged as OCSF merges them,
  - object constraints (at_least_one, just_one), class_uid 2004, category_uid 2, type_uid = 2004 * 100 + activity.
Usage: git clone https://github.com/ocsf/ocsf-schema && git -C ocsf-schema checkout 1.3.0
       python3 official_schema.py ocsf-schema > detection_finding-1.3.0.official.schema.json
"""
import json
import os
import sys

root = sys.argv[1]


def load(rel):
    with open(os.path.join(root, rel)) as f:
        return json.load(f)


dictionary = load("dictionary.json")
dict_attrs = dictionary["attributes"]
types = dictionary["types"]["attributes"]
objects = {}
for dirpath, _, files in os.walk(os.path.join(root, "objects")):
    for name in files:
        if name.endswith(".json"):
            d = load(os.path.relpath(os.path.join(dirpath, name), root))
            objects[d["name"]] = d


def merge(base, over):
    out = dict(base)
    for k, v in over.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def attributes(definition, lookup):
    """Attributes of a class or object: its parent's, then its includes', then its own (deep-merged)."""
    attrs = {}
    if definition.get("extends"):
        attrs = attributes(lookup(definition["extends"]), lookup)
    own = dict(definition.get("attributes", {}))
    for inc in own.pop("$include", []):
        for k, v in load(inc).get("attributes", {}).items():
            if inc.startswith("profiles/"):
                # A profile's attributes are allowed, and required only where the event applies the profile
                # (metadata.profiles); FlagStream applies none.
                v = merge(v, {"requirement": "optional"})
            attrs[k] = merge(attrs.get(k, {}), v)
    for k, v in own.items():
        attrs[k] = merge(attrs.get(k, {}), v)
    return attrs


def constraints(definition, lookup):
    c = lookup(definition["extends"]).get("constraints", {}) if definition.get("extends") else {}
    return {**c, **definition.get("constraints", {})}


def primitive(t):
    while t in types and "type" in types[t]:
        t = types[t]["type"]
    return {"string_t": {"type": "string"}, "integer_t": {"type": "integer"}, "long_t": {"type": "integer"},
            "float_t": {"type": "number"}, "boolean_t": {"type": "boolean"}, "json_t": {}}.get(t)


wanted = []


def attribute_schema(name, spec):
    d = merge(dict_attrs.get(name, {}), spec)
    t = d.get("object_type") or d.get("type")
    if t == "object":
        s = {"type": "object"}
    elif t in types:
        s = dict(primitive(t) or {})
        enum = d.get("enum")
        if enum and s.get("type") == "integer":
            s["enum"] = sorted(int(k) for k in enum)
    else:
        if t not in wanted:
            wanted.append(t)
        s = {"$ref": "#/$defs/" + t}
    return {"type": "array", "items": s} if d.get("is_array") else s


def object_schema(attrs, cons):
    s = {"type": "object", "additionalProperties": False,
         "properties": {k: attribute_schema(k, v) for k, v in sorted(attrs.items())},
         "required": sorted(k for k, v in attrs.items() if v.get("requirement") == "required")}
    if cons.get("at_least_one"):
        s["anyOf"] = [{"required": [k]} for k in cons["at_least_one"]]
    if cons.get("just_one"):
        s["oneOf"] = [{"required": [k]} for k in cons["just_one"]]
    return s


def event_lookup(name):
    return load({"base_event": "events/base_event.json", "finding": "events/findings/finding.json"}[name])


detection = load("events/findings/detection_finding.json")
category_uid = load("categories.json")["attributes"]["findings"]["uid"]
class_uid = category_uid * 1000 + detection["uid"]
attrs = attributes(detection, event_lookup)
schema = object_schema(attrs, constraints(detection, event_lookup))
schema["properties"]["class_uid"] = {"const": class_uid}
schema["properties"]["category_uid"] = {"const": category_uid}
schema["properties"]["type_uid"] = {"enum": [class_uid * 100 + a for a in schema["properties"]["activity_id"]["enum"]]}
defs = {}
while wanted:
    name = wanted.pop(0)
    if name not in defs:
        o = objects[name]
        defs[name] = object_schema(attributes(o, objects.get), constraints(o, objects.get))
out = {"$schema": "https://json-schema.org/draft/2020-12/schema",
       "$id": "https://schema.ocsf.io/1.3.0/classes/detection_finding.official.json",
       "title": "OCSF 1.3.0 Detection Finding (class_uid %d), compiled from ocsf/ocsf-schema 1.3.0 by official_schema.py" % class_uid}
out.update(schema)
out["$defs"] = dict(sorted(defs.items()))
json.dump(out, sys.stdout, indent=1, sort_keys=False)
print()
