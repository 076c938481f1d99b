/// The body of `GET actions`: action names grouped by category.
public struct ActionsResponse: Sendable, Hashable {
    /// Category name → action names, as received.
    public var actions: [String: [String]]
    /// Slack's `ok` flag.
    public var ok: Bool?
    /// Slack's error code, on failure.
    public var error: String?
    /// Members this version does not model, kept as received.
    public var unknownFields: [String: JSONValue]

    /// Creates an actions body.
    public init(
        actions: [String: [String]] = [:],
        ok: Bool? = nil,
        error: String? = nil,
        unknownFields: [String: JSONValue] = [:]
    ) {
        self.actions = actions
        self.ok = ok
        self.error = error
        self.unknownFields = unknownFields
    }
}

extension ActionsResponse: Codable, SlackResponseBody {
    var needed: String? { unknownFields["needed"]?.stringValue }
    var provided: String? { unknownFields["provided"]?.stringValue }
    var warning: String? { unknownFields["warning"]?.stringValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        actions = try container.decodeIfPresent([String: [String]].self, forKey: AnyCodingKey("actions")) ?? [:]
        ok = try? container.decodeIfPresent(Bool.self, forKey: AnyCodingKey("ok"))
        error = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("error"))
        unknownFields = try container.unknownFields(excluding: ["actions", "ok", "error"])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encodeUnknownFields(unknownFields)
        try container.encode(actions, forKey: AnyCodingKey("actions"))
        try container.encodeIfPresent(ok, forKey: AnyCodingKey("ok"))
        try container.encodeIfPresent(error, forKey: AnyCodingKey("error"))
    }
}
