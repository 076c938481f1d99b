import Foundation

@testable import SlackAuditLogs

/// Files under `Resources/` (the spec and the real captures).
enum TestResources {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "No test resource \(name)" }
    }

    static func bytes(_ subdirectory: String, _ name: String) throws -> [UInt8] {
        guard
            let url = Bundle.module.url(
                forResource: name,
                withExtension: nil,
                subdirectory: "Resources/\(subdirectory)"
            )
        else { throw Missing(name: "\(subdirectory)/\(name)") }
        return Array(try Data(contentsOf: url))
    }

    static func json(_ subdirectory: String, _ name: String) throws -> JSONValue {
        try JSONValue(parsing: try bytes(subdirectory, name))
    }
}

/// A deterministic random number generator (SplitMix64), so property-based tests replay exactly from their seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Entries built from `logs-fields.tsv`: one entry per path and per type listed for it.
enum FieldFixture {
    struct Field: Sendable, CustomStringConvertible {
        var path: String
        var types: [String]
        var hasChildren: Bool
        var description: String { "\(path) (\(types.joined(separator: " | ")))" }
    }

    /// One entry that holds one path with one of its types.
    struct Sample: Sendable, CustomStringConvertible {
        var field: Field
        var type: String
        var entry: JSONValue
        var description: String { "\(field.path) as \(type)" }
    }

    /// Every path of the TSV with its types.
    static func fields() throws -> [Field] {
        let text = String(decoding: try TestResources.bytes("spec", "logs-fields.tsv"), as: UTF8.self)
        let rows: [(String, String)] = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let columns = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard columns.count == 2 else { return nil }
            return (columns[0], columns[1])
        }
        let paths = Set(rows.map(\.0))
        return rows.map { path, types in
            let hasChildren = paths.contains { $0.hasPrefix(path + ".") || $0.hasPrefix(path + "[].") }
            return Field(path: path, types: types.components(separatedBy: " | "), hasChildren: hasChildren)
        }
    }

    /// A value of a TSV type. Containers that the TSV describes further are left empty, so that nothing in them is
    /// unknown; containers it does not describe get a member, to show they are kept.
    static func value(of type: String, hasChildren: Bool) -> JSONValue {
        switch type {
        case "string": return "sample-text"
        case "boolean": return true
        case "integer": return 1_700_000_123
        case "array of strings": return ["U01", "U02"]
        case "array": return [1, "two", ["three": 3]]
        case "array of objects": return hasChildren ? [[:]] : [["key": "value"]]
        case "object": return hasChildren ? [:] : ["key": "value", "nested": [1, 2]]
        case "string (JSON-encoded array)": return #"["U01","U02"]"#
        default: return .string("unknown type \(type)")
        }
    }

    /// Sets `value` at a TSV path (`a.b[].c`) inside `root`, creating objects and one-element arrays on the way.
    static func insert(_ value: JSONValue, at path: Substring, into root: inout JSONValue) {
        guard let first = path.split(separator: ".", maxSplits: 1).first else {
            root = value
            return
        }
        let rest = path.dropFirst(first.count + 1)
        let isArray = first.hasSuffix("[]")
        let key = String(isArray ? first.dropLast(2) : first)
        var object = root.objectValue ?? [:]
        if isArray {
            var element = object[key]?[0] ?? [:]
            if rest.isEmpty { element = value } else { insert(value, at: rest, into: &element) }
            object[key] = [element]
        } else {
            var child = object[key] ?? [:]
            if rest.isEmpty { child = value } else { insert(value, at: rest, into: &child) }
            object[key] = child
        }
        root = .object(object)
    }

    /// A minimal valid entry.
    static func baseEntry(_ number: Int) -> JSONValue {
        [
            "id": .string("00000000-0000-0000-0000-\(String(100_000_000_000 + number))"), "date_create": 1_700_000_000,
            "action": "user_login",
        ]
    }

    /// One entry per path under `entries[]` and per type listed for it.
    static func entrySamples() throws -> [Sample] {
        var samples: [Sample] = []
        for field in try fields() where field.path.hasPrefix("entries[].") {
            for type in field.types {
                var entry = baseEntry(samples.count)
                insert(
                    value(of: type, hasChildren: field.hasChildren),
                    at: field.path.dropFirst("entries[].".count),
                    into: &entry
                )
                samples.append(Sample(field: field, type: type, entry: entry))
            }
        }
        return samples
    }

    /// A page holding every sample entry and every page-level path.
    static func page() throws -> JSONValue {
        var page: JSONValue = ["entries": .array(try entrySamples().map(\.entry))]
        for field in try fields() where !field.path.hasPrefix("entries") {
            for type in field.types {
                insert(value(of: type, hasChildren: field.hasChildren), at: Substring(field.path), into: &page)
            }
        }
        return page
    }
}

/// Walks a decoded model and lists where `unknownFields` is not empty.
enum UnknownFieldsWalker {
    static func nonEmptyUnknownFields(in value: Any, path: String = "") -> [String] {
        let mirror = Mirror(reflecting: value)
        var found: [String] = []
        if mirror.displayStyle == .optional {
            for child in mirror.children { found += nonEmptyUnknownFields(in: child.value, path: path) }
            return found
        }
        if mirror.displayStyle == .collection {
            for (index, child) in mirror.children.enumerated() {
                found += nonEmptyUnknownFields(in: child.value, path: "\(path)[\(index)]")
            }
            return found
        }
        guard mirror.displayStyle == .struct || mirror.displayStyle == .class else { return found }
        for child in mirror.children {
            guard let label = child.label else { continue }
            if label == "unknownFields", let fields = child.value as? JSONObject {
                if !fields.isEmpty { found.append("\(path): \(fields.keys.sorted())") }
            } else {
                found += nonEmptyUnknownFields(in: child.value, path: path.isEmpty ? label : "\(path).\(label)")
            }
        }
        return found
    }
}
