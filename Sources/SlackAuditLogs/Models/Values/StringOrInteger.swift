/// A value Slack sends sometimes as a number and sometimes as a string (`session_id`, `action_timestamp`).
///
/// The form received is kept, so re-encoding gives it back; ``stringValue`` reads either form as text, without
/// losing precision on 64-bit numbers.
public enum StringOrInteger: Sendable, Hashable, JSONRepresentable, CustomStringConvertible {
    /// Received as a string.
    case string(String)
    /// Received as an integer.
    case integer(Int64)

    public init?(jsonValue: JSONValue) {
        switch jsonValue {
        case .string(let value): self = .string(value)
        case .integer(let value): self = .integer(value)
        default: return nil
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .string(let value): return .string(value)
        case .integer(let value): return .integer(value)
        }
    }

    /// The value as text: the string, or the integer's decimal digits.
    public var stringValue: String {
        switch self {
        case .string(let value): return value
        case .integer(let value): return String(value)
        }
    }

    /// The value as an integer: the integer, or the string when it holds one.
    public var integerValue: Int64? {
        switch self {
        case .string(let value): return Int64(value)
        case .integer(let value): return value
        }
    }

    public var description: String { stringValue }
}

extension StringOrInteger: JSONReadable {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> StringOrInteger? {
        if let string = try parser.readString() { return .string(string) }
        if let integer = try parser.readInteger() { return .integer(integer) }
        return nil
    }
}
