/// The name of an audit action, such as `user_login` or `file_downloaded`.
///
/// Constants exist for every action Slack listed when this version was generated (`AuditLogAction.userLogin`);
/// any other name works too, so an action Slack adds later still decodes:
///
/// ```swift
/// if entry.action == .userLogin { … }
/// let custom: AuditLogAction = "some_new_action"
/// ```
public struct AuditLogAction: RawRepresentable, Sendable, Hashable, Comparable, Codable, JSONRepresentable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The name as Slack writes it.
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// An action with this name.
    public init(_ name: String) { self.rawValue = name }

    public init(stringLiteral value: String) { self.rawValue = value }

    public init?(jsonValue: JSONValue) {
        guard case .string(let name) = jsonValue else { return nil }
        self.rawValue = name
    }

    public var jsonValue: JSONValue { .string(rawValue) }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: AuditLogAction, rhs: AuditLogAction) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The category Slack lists this action under (`user`, `channel`, `file`, …), when the action was known when
    /// this version was generated. Ask ``AuditLogsClient/actions(queryParameters:headers:)`` for the current list.
    public var knownCategory: String? { Self.knownCategories[self] }

    /// Whether the action was known when this version was generated.
    public var isKnown: Bool { Self.knownCategories[self] != nil }
}

extension AuditLogAction: JSONReadable {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> AuditLogAction? {
        try parser.readString().map(AuditLogAction.init(rawValue:))
    }
}
