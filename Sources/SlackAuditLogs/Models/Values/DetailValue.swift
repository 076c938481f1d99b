/// A `details` value whose shape depends on the action: `new_value`, `previous_value` and `reason` arrive as a
/// string, a list of strings or an object.
public enum DetailValue: Sendable, Hashable, JSONRepresentable {
    /// A string.
    case string(String)
    /// A list of strings.
    case strings([String])
    /// An object.
    case object(JSONObject)
    /// Any other shape, kept as received.
    case other(JSONValue)

    public init?(jsonValue: JSONValue) {
        switch jsonValue {
        case .string(let value):
            self = .string(value)
        case .object(let value):
            self = .object(value)
        case .array:
            if let strings = [String](jsonValue: jsonValue) {
                self = .strings(strings)
            } else {
                self = .other(jsonValue)
            }
        default:
            self = .other(jsonValue)
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .string(let value): return .string(value)
        case .strings(let value): return value.jsonValue
        case .object(let value): return .object(value)
        case .other(let value): return value
        }
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The strings: the list, or the single string as a one-element list.
    public var stringsValue: [String]? {
        switch self {
        case .string(let value): return [value]
        case .strings(let value): return value
        default: return nil
        }
    }

    /// The object, when the value is one (for example `new_value` of a permission change, `{"type": […]}`).
    public var objectValue: JSONObject? {
        guard case .object(let value) = self else { return nil }
        return value
    }
}

extension DetailValue: JSONReadable {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> DetailValue? {
        DetailValue(jsonValue: try parser.readValue())
    }
}
