/// A list of user IDs that Slack sends either as a JSON array or as a string holding a JSON array
/// (`succeeded_users`, `failed_users`).
///
/// The form received is kept, so re-encoding gives it back; ``userIDs`` reads either form.
public enum UserIDList: Sendable, Hashable, JSONRepresentable {
    /// Received as an array of strings.
    case array([String])
    /// Received as a string (normally holding a JSON array), kept exactly.
    case encoded(String)

    public init?(jsonValue: JSONValue) {
        switch jsonValue {
        case .string(let value):
            self = .encoded(value)
        case .array:
            guard let values = [String](jsonValue: jsonValue) else { return nil }
            self = .array(values)
        default:
            return nil
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .array(let value): return value.jsonValue
        case .encoded(let value): return .string(value)
        }
    }

    /// The user IDs, or `nil` when the string form does not hold a JSON array of strings.
    public var userIDs: [String]? {
        switch self {
        case .array(let value):
            return value
        case .encoded(let text):
            guard let parsed = try? JSONValue(parsing: text) else { return nil }
            return [String](jsonValue: parsed)
        }
    }
}

extension UserIDList: JSONReadable {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> UserIDList? {
        if let string = try parser.readString() { return .encoded(string) }
        guard let values = try [String].read(from: &parser) else { return nil }
        return .array(values)
    }
}
