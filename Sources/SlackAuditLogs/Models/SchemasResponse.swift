/// The body of `GET schemas`: the object types the API returns, with their fields.
///
/// This version keeps each schema as JSON; richer views come with the typed models.
public struct SchemasResponse: Sendable, Hashable {
    /// The schemas, in the order received. The same `type` may appear more than once.
    public var schemas: [JSONValue]
    /// Slack's `ok` flag.
    public var ok: Bool?
    /// Slack's error code, on failure.
    public var error: String?
    /// Members this version does not model, kept as received.
    public var unknownFields: [String: JSONValue]

    /// Creates a schemas body.
    public init(
        schemas: [JSONValue] = [],
        ok: Bool? = nil,
        error: String? = nil,
        unknownFields: [String: JSONValue] = [:]
    ) {
        self.schemas = schemas
        self.ok = ok
        self.error = error
        self.unknownFields = unknownFields
    }
}

extension SchemasResponse: Codable, SlackResponseBody {
    var needed: String? { unknownFields["needed"]?.stringValue }
    var provided: String? { unknownFields["provided"]?.stringValue }
    var warning: String? { unknownFields["warning"]?.stringValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        schemas = try container.decodeIfPresent([JSONValue].self, forKey: AnyCodingKey("schemas")) ?? []
        ok = try? container.decodeIfPresent(Bool.self, forKey: AnyCodingKey("ok"))
        error = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("error"))
        unknownFields = try container.unknownFields(excluding: ["schemas", "ok", "error"])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encodeUnknownFields(unknownFields)
        try container.encode(schemas, forKey: AnyCodingKey("schemas"))
        try container.encodeIfPresent(ok, forKey: AnyCodingKey("ok"))
        try container.encodeIfPresent(error, forKey: AnyCodingKey("error"))
    }
}
