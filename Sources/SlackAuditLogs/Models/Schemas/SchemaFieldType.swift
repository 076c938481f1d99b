import Foundation

/// The declared type of a schema field, parsed from Slack's text (`"string"`, `"bool"`,
/// `"Optional: vec<string>"`, `"dict<string, mixed>"`, …).
public indirect enum SchemaFieldType: Sendable, Hashable, CustomStringConvertible {
    /// `string`
    case string
    /// `bool`
    case bool
    /// `int`
    case int
    /// `mixed`: any JSON value.
    case mixed
    /// `array`, with no element type.
    case array
    /// `Optional: T`
    case optional(SchemaFieldType)
    /// `vec<T>`: a list.
    case vec(SchemaFieldType)
    /// `dict<K, V>`: an object.
    case dict(key: SchemaFieldType, value: SchemaFieldType)
    /// A form this version does not know, as written.
    case other(String)

    /// Parses a declared type. Never fails: an unknown form is ``other(_:)``.
    public init(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        switch trimmed.lowercased() {
        case "string", "str": self = .string
        case "bool", "boolean": self = .bool
        case "int", "integer", "int64": self = .int
        case "mixed", "any": self = .mixed
        case "array": self = .array
        default: self = Self.parseComposite(trimmed)
        }
    }

    private static func parseComposite(_ text: String) -> SchemaFieldType {
        if let range = text.range(of: "Optional:", options: [.caseInsensitive, .anchored]) {
            return .optional(SchemaFieldType(parsing: String(text[range.upperBound...])))
        }
        guard text.hasSuffix(">"), let open = text.firstIndex(of: "<") else { return .other(text) }
        let name = text[..<open].lowercased()
        let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        switch name {
        case "vec", "list", "array":
            return .vec(SchemaFieldType(parsing: inner))
        case "dict", "map":
            guard let comma = topLevelComma(in: inner) else { return .other(text) }
            return .dict(
                key: SchemaFieldType(parsing: String(inner[..<comma])),
                value: SchemaFieldType(parsing: String(inner[inner.index(after: comma)...]))
            )
        default:
            return .other(text)
        }
    }

    /// The comma that separates `K, V` in `dict<K, V>`, skipping commas nested in `<…>`.
    private static func topLevelComma(in text: String) -> String.Index? {
        var depth = 0
        for index in text.indices {
            switch text[index] {
            case "<": depth += 1
            case ">": depth -= 1
            case "," where depth == 0: return index
            default: break
            }
        }
        return nil
    }

    /// Whether the field may be absent or null.
    public var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }

    /// A canonical spelling, for messages.
    public var description: String {
        switch self {
        case .string: return "string"
        case .bool: return "bool"
        case .int: return "int"
        case .mixed: return "mixed"
        case .array: return "array"
        case .optional(let wrapped): return "Optional: \(wrapped)"
        case .vec(let element): return "vec<\(element)>"
        case .dict(let key, let value): return "dict<\(key), \(value)>"
        case .other(let text): return text
        }
    }
}

/// One field of a schema: its declared type as Slack wrote it, and parsed.
public struct SchemaField: Sendable, Hashable {
    /// The declared type exactly as received, such as `"Optional: vec<string>"`.
    public var declaredType: String
    /// The declared type, parsed.
    public var type: SchemaFieldType

    /// A field from its declared type text.
    public init(declaredType: String) {
        self.declaredType = declaredType
        self.type = SchemaFieldType(parsing: declaredType)
    }
}
