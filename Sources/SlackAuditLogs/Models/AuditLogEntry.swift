/// One audit event: an *actor* did an *action* on an *entity* in a *context*, with action-specific *details*.
///
/// This version models the identifying fields; everything else is kept, unchanged, in ``unknownFields``.
public struct AuditLogEntry: Sendable, Hashable {
    /// The event's unique ID (a UUID string).
    public var id: String?
    /// When the event happened, in seconds since 1970.
    public var dateCreate: Int64?
    /// The action's name, such as `user_login`.
    public var action: String?
    /// Members this version does not model (`actor`, `entity`, `context`, `details`, …), kept as received.
    public var unknownFields: [String: JSONValue]

    /// Creates an entry.
    public init(
        id: String? = nil,
        dateCreate: Int64? = nil,
        action: String? = nil,
        unknownFields: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.dateCreate = dateCreate
        self.action = action
        self.unknownFields = unknownFields
    }
}

extension AuditLogEntry: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var known: Set<String> = []
        // Lenient per field: a value of an unexpected type is kept in unknownFields instead of failing the page.
        if let value = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("id")) {
            id = value
            known.insert("id")
        }
        if let value = try? container.decodeIfPresent(Int64.self, forKey: AnyCodingKey("date_create")) {
            dateCreate = value
            known.insert("date_create")
        }
        if let value = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("action")) {
            action = value
            known.insert("action")
        }
        unknownFields = try container.unknownFields(excluding: known)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encodeUnknownFields(unknownFields)
        try container.encodeIfPresent(id, forKey: AnyCodingKey("id"))
        try container.encodeIfPresent(dateCreate, forKey: AnyCodingKey("date_create"))
        try container.encodeIfPresent(action, forKey: AnyCodingKey("action"))
    }
}
