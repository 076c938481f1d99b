#!/usr/bin/env python3
"""Generates the audit log entry models from the list of JSON paths seen in the wild.

Input:  Tests/SlackAuditLogsTests/Resources/spec/logs-fields.tsv (a copy of shared/spec/logs-fields.tsv)
Output: Sources/SlackAuditLogs/Models/Generated/AuditLogEntry*.swift, one file per type, formatted.

Every path under `entries[]` becomes a typed, optional property. Objects with the same fields share one type.
Run it again whenever the TSV changes:  python3 Scripts/generate-models.py
"""
import os
import re
import subprocess
import sys
from collections import OrderedDict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TSV = os.path.join(ROOT, "Tests/SlackAuditLogsTests/Resources/spec/logs-fields.tsv")
OUT = os.path.join(ROOT, "Sources/SlackAuditLogs/Models/Generated")

# Type names for shapes that appear under several keys, or whose key alone would make a poor name.
TYPE_NAMES = {
    "entries[]": "AuditLogEntry",
    "entries[].details.new_profile": "Profile",
    "entries[].details.previous_profile": "Profile",
    "entries[].details.new_retention_policy": "RetentionPolicy",
    "entries[].details.old_retention_policy": "RetentionPolicy",
    "entries[].details.matched_rule": "Rule",
    "entries[].details.rules_checked[]": "Rule",
    "entries[].details.matched_rule.action": "RuleAction",
    "entries[].details.matched_rule.action.notify[]": "RuleNotification",
    "entries[].details.matched_rule.action.resolution": "RuleResolution",
    "entries[].details.matched_rule.condition": "RuleCondition",
    "entries[].details.matched_rule.condition.values[]": "RuleConditionValue",
    "entries[].details.inviter": "ActorReference",
    "entries[].details.kicker": "ActorReference",
    "entries[].details.can_huddle": "EnabledSetting",
    "entries[].details.enable_at_channel": "EnabledSetting",
    "entries[].details.enable_at_here": "EnabledSetting",
    "entries[].entity.usergroup": "UserGroup",
    "entries[].entity.workflow_v2": "WorkflowV2",
    "entries[].context.agent_message": "AgentMessage",
    "entries[].details.source_channel": "ChannelReference",
    "entries[].details.destination_channel": "ChannelReference",
}

# Fields whose Swift type is not the one their TSV type maps to.
FIELD_TYPES = {
    "entries[].action": "AuditLogAction",
}

# Objects whose members are open-ended (a tool call's arguments): kept as a JSONObject, their known members named in
# the documentation rather than made a type.
OPEN_OBJECTS = {"entries[].details.arguments"}

# Fields sent as a number or a string: stored as StringOrInteger, exposed as a String.
STRING_OR_INTEGER = "integer | string"
TYPE_MAP = {
    "string": "String",
    "boolean": "Bool",
    "integer": "Int64",
    "array of strings": "[String]",
    "array": "[JSONValue]",
    "array of objects": "[JSONObject]",
    "object": "JSONObject",
    STRING_OR_INTEGER: "StringOrInteger",
    # `null` is kept as received: the property is nil and `unknownFields` holds the null, so it re-encodes.
    STRING_OR_INTEGER + " | null": "StringOrInteger",
    "array of strings | object": "DetailValue",
    "array of strings | object | string": "DetailValue",
    "array of strings | string (JSON-encoded array)": "UserIDList",
}

ACRONYMS = {"id": "ID", "ids": "IDs", "url": "URL", "urls": "URLs", "ip": "IP", "dm": "DM", "ja4": "JA4"}
KEYWORDS = {
    "as", "associatedtype", "break", "case", "catch", "class", "continue", "default", "defer", "deinit", "do",
    "else", "enum", "extension", "fallthrough", "false", "fileprivate", "for", "func", "guard", "if", "import",
    "in", "init", "inout", "internal", "is", "let", "nil", "operator", "private", "protocol", "public", "repeat",
    "rethrows", "return", "self", "Self", "static", "struct", "subscript", "super", "switch", "throw", "throws",
    "true", "try", "typealias", "var", "where", "while",
}


class Node:
    def __init__(self, key, path):
        self.key = key          # JSON key, without []
        self.path = path        # full path, e.g. entries[].context.location
        self.types = None       # the TSV's type text, when listed
        self.is_array = False   # the path segment ended in [] (children describe elements)
        self.children = OrderedDict()
        self.object_members = []  # for a union type with an object case: the members seen in that object


def parse_tsv():
    root = Node("entries", "entries[]")
    root.is_array = True
    with open(TSV) as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            path, types = line.split("\t")
            if not path.startswith("entries[]."):
                continue
            node = root
            walked = "entries[]"
            for segment in path[len("entries[]."):].split("."):
                key = segment[:-2] if segment.endswith("[]") else segment
                walked += "." + segment
                child = node.children.get(key)
                if child is None:
                    child = Node(key, walked)
                    node.children[key] = child
                if segment.endswith("[]"):
                    child.is_array = True
                    child.path = walked
                node = child
            node.types = types.strip()
    fold_union_members(root)
    return root


def fold_union_members(node):
    """A value that is sometimes an object and sometimes not (`array of strings | object | string`) stays one
    union-typed property; the members seen in its object case are named in its documentation, not made a type."""
    for child in node.children.values():
        fold_union_members(child)
    if node.children and ((node.types and "|" in node.types) or node.path in OPEN_OBJECTS):
        node.object_members = list(node.children.keys())
        node.children = OrderedDict()


def camel(key, upper):
    parts = [p for p in re.split(r"_+", key) if p]
    words = []
    for index, part in enumerate(parts):
        if index == 0 and not upper:
            words.append(part.lower() if part.lower() in ACRONYMS else part[0].lower() + part[1:])
        elif part.lower() in ACRONYMS:
            words.append(ACRONYMS[part.lower()])
        else:
            words.append(part[0].upper() + part[1:])
    name = "".join(words)
    if name and name[0].isdigit():
        name = "_" + name
    return name


def property_name(key):
    name = camel(key, upper=False)
    return f"`{name}`" if name in KEYWORDS else name


def bare(name):
    return name.strip("`")


def singular(name):
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def signature(node):
    """A shape key: the same fields with the same types give the same signature."""
    if not node.children:
        return ("leaf", node.types)
    fields = tuple(sorted((key, signature(child)) for key, child in node.children.items()))
    return ("array" if node.is_array else "object", fields)


def object_signature(node):
    return tuple(sorted((key, signature(child)) for key, child in node.children.items()))


class TypeInfo:
    def __init__(self, name, node):
        self.name = name
        self.nodes = [node]
        self.namespace = None

    @property
    def qualified(self):
        return self.name if self.namespace is None else f"{self.namespace}.{self.name}"

    @property
    def representative(self):
        return self.nodes[0]


def collect_types(root):
    """One TypeInfo per distinct object shape, named and placed in a namespace."""
    by_signature = OrderedDict()

    def visit(node):
        if node.children:
            default = camel(node.key, upper=True)
            if node.is_array:
                default = singular(default)
            name = TYPE_NAMES.get(node.path, default)
            # Objects share a type when they have the same name and the same fields (user, app, profile, …).
            sig = (name, object_signature(node))
            info = by_signature.get(sig)
            if info is None:
                info = TypeInfo(name, node)
                by_signature[sig] = info
            else:
                # Its fields are the representative's: their types exist already.
                info.nodes.append(node)
                return
            for child in node.children.values():
                visit(child)

    visit(root)
    types = list(by_signature.values())
    for info in types:
        if info.name == "AuditLogEntry":
            info.namespace = None
        elif all(n.path.startswith("entries[].details.") for n in info.nodes):
            info.namespace = "AuditLogEntry.Details"
        else:
            info.namespace = "AuditLogEntry"
    # Two different shapes with one name: qualify the later ones with their parent's key.
    seen = {}
    for info in types:
        key = (info.namespace, info.name)
        if key in seen:
            parent = info.representative.path.rsplit(".", 2)[-2].replace("[]", "")
            info.name = camel(parent, upper=True) + info.name
        seen[(info.namespace, info.name)] = info
    node_types = {}
    for info in types:
        for node in info.nodes:
            node_types[node.path] = info
    return types, node_types


def field_type(child, node_types):
    if child.path in FIELD_TYPES:
        return FIELD_TYPES[child.path]
    if child.children:
        info = node_types[child.path]
        return f"[{info.qualified}]" if child.is_array else info.qualified
    if child.types not in TYPE_MAP:
        sys.exit(f"unknown type {child.types!r} at {child.path}")
    return TYPE_MAP[child.types]


def doc_path(path):
    return path.replace("entries[].", "", 1) if path != "entries[]" else "an entry"


# Types with this many fields keep them in copy-on-write heap storage and dispatch keys through an index.
BOXED_FIELD_COUNT = 12


def generate_type(info, node_types):
    node = info.representative
    fields = []
    for key, child in node.children.items():
        fields.append((key, child, field_type(child, node_types)))
    boxed = len(fields) >= BOXED_FIELD_COUNT
    paths = sorted({doc_path(n.path) for n in info.nodes})
    lines = []
    emit = lines.append
    emit("// Generated by Scripts/generate-models.py from logs-fields.tsv. Do not edit: change the script or the TSV.")
    emit("")
    indent = ""
    if info.namespace:
        emit(f"extension {info.namespace} {{")
        indent = "    "
    summary = {
        "AuditLogEntry": "One audit event: an *actor* did an *action* on an *entity* in a *context*, "
        "with action-specific *details*.",
    }.get(info.name, f"The object found at `{'`, `'.join(paths)}`.")
    emit(f"{indent}/// {summary}")
    emit(f"{indent}///")
    emit(f"{indent}/// Every member is optional. A member of an unexpected type, and any member this version does not")
    emit(f"{indent}/// model, is kept unchanged in ``unknownFields``, so ``jsonValue`` gives back what was received.")
    emit(f"{indent}public struct {info.name}: Sendable, Hashable, Codable, JSONObjectModel {{")
    body = indent + "    "

    def stored_name(key, swift_type):
        name = property_name(key)
        return f"{bare(name)}Value" if swift_type == "StringOrInteger" else name

    # Stored properties: on the struct itself, or in a Fields struct behind a copy-on-write box.
    holder = "fields" if boxed else "self"
    if boxed:
        emit(f"{body}/// The members, stored on the heap so that copying a value is cheap.")
        emit(f"{body}struct Fields: Hashable, Sendable {{")
        for key, child, swift_type in fields:
            emit(f"{body}    var {stored_name(key, swift_type)}: {swift_type}?")
        emit(f"{body}    var unknownFields: JSONObject = [:]")
        emit(f"{body}}}")
        emit("")
        emit(f"{body}private var storage: CopyOnWrite<Fields>")
        emit("")
    for key, child, swift_type in fields:
        name = property_name(key)
        stored = stored_name(key, swift_type)
        if swift_type == "StringOrInteger":
            nullable = " A `null` reads as nil and stays in ``unknownFields``." if child.types.endswith(" | null") else ""
            emit(f"{body}/// `{key}` as text, whether Slack sent a number or a string.{nullable}")
            emit(f"{body}public var {name}: String? {{")
            emit(f"{body}    get {{ {stored}?.stringValue }}")
            emit(f"{body}    set {{ {stored} = newValue.map(StringOrInteger.string) }}")
            emit(f"{body}}}")
            emit(f"{body}/// `{key}` in the form Slack sent it (a number or a string).")
            if boxed:
                emit(f"{body}public var {stored}: StringOrInteger? {{")
                emit(f"{body}    get {{ storage.value.{stored} }}")
                emit(f"{body}    set {{ storage.update {{ $0.{stored} = newValue }} }}")
                emit(f"{body}}}")
            else:
                emit(f"{body}public var {stored}: StringOrInteger?")
        else:
            note = ""
            if child.object_members and child.path in OPEN_OBJECTS:
                note = " (open-ended; seen: " + ", ".join(f"`{m}`" for m in child.object_members) + ")"
            elif child.object_members:
                note = " (as an object: " + ", ".join(f"`{m}`" for m in child.object_members) + ")"
            elif child.types and child.types.endswith(" | null"):
                note = " (a `null` stays in ``unknownFields``, so it re-encodes as received)"
            emit(f"{body}/// `{key}`{note}")
            if boxed:
                emit(f"{body}public var {name}: {swift_type}? {{")
                emit(f"{body}    get {{ storage.value.{name} }}")
                emit(f"{body}    set {{ storage.update {{ $0.{name} = newValue }} }}")
                emit(f"{body}}}")
            else:
                emit(f"{body}public var {name}: {swift_type}?")
    emit(f"{body}/// Members not modelled, or of an unexpected type, exactly as received.")
    if boxed:
        emit(f"{body}public var unknownFields: JSONObject {{")
        emit(f"{body}    get {{ storage.value.unknownFields }}")
        emit(f"{body}    set {{ storage.update {{ $0.unknownFields = newValue }} }}")
        emit(f"{body}}}")
    else:
        emit(f"{body}public var unknownFields: JSONObject = [:]")
    emit("")
    emit(f"{body}/// An empty value: set the members you need.")
    if boxed:
        emit(f"{body}public init() {{")
        emit(f"{body}    storage = CopyOnWrite(Fields())")
        emit(f"{body}}}")
    else:
        emit(f"{body}public init() {{}}")
    emit("")
    emit(f"{body}public init(jsonObject: JSONObject) {{")
    if boxed:
        emit(f"{body}    var fields = Fields()")
    else:
        emit(f"{body}    self.init()")
    emit(f"{body}    var unknown: JSONObject = [:]")
    emit(f"{body}    for (key, member) in jsonObject {{")
    if boxed:
        emit(f"{body}        switch Self.fieldIndex[key.string] {{")
        for index, (key, child, swift_type) in enumerate(fields):
            emit(f"{body}        case {index}?: assign(member, to: &fields.{stored_name(key, swift_type)}, key: key, unknown: &unknown)")
    else:
        emit(f"{body}        switch key {{")
        for key, child, swift_type in fields:
            emit(f'{body}        case "{key}": assign(member, to: &{stored_name(key, swift_type)}, key: key, unknown: &unknown)')
    emit(f"{body}        default: unknown[key] = member")
    emit(f"{body}        }}")
    emit(f"{body}    }}")
    if boxed:
        emit(f"{body}    fields.unknownFields = unknown")
        emit(f"{body}    storage = CopyOnWrite(fields)")
    else:
        emit(f"{body}    unknownFields = unknown")
    emit(f"{body}}}")
    emit("")
    emit(f"{body}static func read(from parser: inout JSONParser) throws(JSONParseError) -> Self? {{")
    emit(f"{body}    guard try parser.beginObject() else {{ return nil }}")
    if boxed:
        emit(f"{body}    var fields = Fields()")
    else:
        emit(f"{body}    var value = Self()")
    emit(f"{body}    var unknown: JSONObject = [:]")
    emit(f"{body}    var isFirst = true")
    emit(f"{body}    while let key = try parser.nextKey(&isFirst) {{")
    if boxed:
        emit(f"{body}        switch Self.fieldIndex[key] {{")
        for index, (key, child, swift_type) in enumerate(fields):
            emit(f"{body}        case {index}?: try parser.read(into: &fields.{stored_name(key, swift_type)}, key: key, unknown: &unknown)")
    else:
        emit(f"{body}        switch key {{")
        for key, child, swift_type in fields:
            emit(f'{body}        case "{key}": try parser.read(into: &value.{stored_name(key, swift_type)}, key: key, unknown: &unknown)')
    emit(f"{body}        default: unknown[key] = try parser.readValue()")
    emit(f"{body}        }}")
    emit(f"{body}    }}")
    if boxed:
        emit(f"{body}    fields.unknownFields = unknown")
        emit(f"{body}    var value = Self()")
        emit(f"{body}    value.storage = CopyOnWrite(fields)")
    else:
        emit(f"{body}    value.unknownFields = unknown")
    emit(f"{body}    return value")
    emit(f"{body}}}")
    emit("")
    emit(f"{body}public init(from decoder: any Decoder) throws {{")
    emit(f"{body}    self.init(jsonObject: try JSONValue.decodeObject(from: decoder))")
    emit(f"{body}}}")
    emit("")
    emit(f"{body}public func encode(to encoder: any Encoder) throws {{")
    emit(f"{body}    try jsonValue.encode(to: encoder)")
    emit(f"{body}}}")
    emit("")
    emit(f"{body}public var jsonValue: JSONValue {{")
    if boxed:
        emit(f"{body}    let fields = storage.value")
    emit(f"{body}    var object = {'fields.' if boxed else ''}unknownFields")
    for key, child, swift_type in fields:
        stored = stored_name(key, swift_type)
        source = f"fields.{stored}" if boxed else stored
        binding = stored if not boxed else f"{stored} = {source}"
        emit(f'{body}    if let {binding} {{ object["{key}"] = {stored}.jsonValue }}')
    emit(f"{body}    return .object(object)")
    emit(f"{body}}}")
    if boxed:
        emit("")
        emit(f"{body}/// The position of each member's key, so a key is found with one hash instead of many comparisons.")
        emit(f"{body}private static let fieldIndex: [String: Int] = [")
        for index, (key, child, swift_type) in enumerate(fields):
            emit(f'{body}    "{key}": {index},')
        emit(f"{body}]")
    emit(f"{indent}}}")
    if info.namespace:
        emit("}")
    emit("")
    emit(f"extension {info.qualified}: JSONReadable {{}}")
    return "\n".join(lines) + "\n"


def generate_entity_object(info, node_types):
    """Typed access to whichever object an entity holds, chosen by its `type`."""
    node = info.representative
    cases = []
    for key, child in node.children.items():
        if key == "type":
            continue
        swift_type = field_type(child, node_types)
        if not (child.children or swift_type == "JSONObject"):
            continue
        cases.append((key, property_name(key), swift_type))
    lines = [
        "// Generated by Scripts/generate-models.py from logs-fields.tsv. Do not edit: change the script or the TSV.",
        "",
        "extension AuditLogEntry.Entity {",
        "    /// The object an entity holds, typed.",
        "    public enum Object: Sendable, Hashable {",
    ]
    for key, name, swift_type in cases:
        lines.append(f"        /// `{key}`")
        lines.append(f"        case {name}({swift_type})")
    lines += [
        "        /// A type this version does not model, with its object as received (if any).",
        "        case other(type: String, value: JSONValue?)",
        "    }",
        "",
        "    /// The object named by ``type``, typed; when `type` is absent, the first object present.",
        "    public var object: Object? {",
        "        switch type {",
    ]
    for key, name, swift_type in cases:
        lines.append(f'        case "{key}"?: if let {name} {{ return .{bare(name)}({name}) }}')
    lines += [
        "        case let type?: return .other(type: type, value: unknownFields[type])",
        "        case nil: break",
        "        }",
    ]
    for key, name, swift_type in cases:
        lines.append(f"        if let {name} {{ return .{bare(name)}({name}) }}")
    lines += [
        "        return nil",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def main():
    root = parse_tsv()
    types, node_types = collect_types(root)
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if name.startswith("AuditLogEntry") and name.endswith(".swift"):
            os.remove(os.path.join(OUT, name))
    written = []
    field_count = 0
    for info in types:
        file_name = info.qualified + ".swift"
        with open(os.path.join(OUT, file_name), "w") as handle:
            handle.write(generate_type(info, node_types))
        written.append(os.path.join(OUT, file_name))
        field_count += len(info.representative.children)
        if info.qualified == "AuditLogEntry.Entity":
            extra = os.path.join(OUT, "AuditLogEntry.Entity+Object.swift")
            with open(extra, "w") as handle:
                handle.write(generate_entity_object(info, node_types))
            written.append(extra)
    subprocess.run(["swift", "format", "format", "-i", "--configuration", os.path.join(ROOT, ".swift-format")]
                   + written, check=True)
    print(f"{len(types)} types, {field_count} fields, {len(written)} files in {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
