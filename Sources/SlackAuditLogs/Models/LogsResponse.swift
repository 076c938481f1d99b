/// The body of `GET logs`: a page of audit events, newest first, and the cursor to the next page.
public struct LogsResponse: Sendable, Hashable {
    /// The events of this page. May hold more than the `limit` asked for when several events share a second.
    public var entries: [AuditLogEntry]
    /// Paging information.
    public var responseMetadata: ResponseMetadata?
    /// Slack's `ok` flag. A successful page often has none.
    public var ok: Bool?
    /// Slack's error code, on failure.
    public var error: String?
    /// The scope the call needs, on a scope error.
    public var needed: String?
    /// The scopes the token has, on a scope error.
    public var provided: String?
    /// A warning from Slack.
    public var warning: String?
    /// Members of the body this version does not model, kept as received.
    public var unknownFields: [String: JSONValue]

    /// Creates a page.
    public init(
        entries: [AuditLogEntry] = [],
        responseMetadata: ResponseMetadata? = nil,
        ok: Bool? = nil,
        error: String? = nil,
        needed: String? = nil,
        provided: String? = nil,
        warning: String? = nil,
        unknownFields: [String: JSONValue] = [:]
    ) {
        self.entries = entries
        self.responseMetadata = responseMetadata
        self.ok = ok
        self.error = error
        self.needed = needed
        self.provided = provided
        self.warning = warning
        self.unknownFields = unknownFields
    }

    /// The cursor of the next page, or `nil` on the last page (Slack sends an empty, null or absent cursor).
    public var nextCursor: String? {
        guard let cursor = responseMetadata?.nextCursor, !cursor.isEmpty else { return nil }
        return cursor
    }

    /// Paging information: `response_metadata`.
    public struct ResponseMetadata: Sendable, Hashable, Codable {
        /// The cursor of the next page; empty or `nil` on the last page.
        public var nextCursor: String?
        /// Members this version does not model, kept as received.
        public var unknownFields: [String: JSONValue]

        /// Creates paging information.
        public init(nextCursor: String? = nil, unknownFields: [String: JSONValue] = [:]) {
            self.nextCursor = nextCursor
            self.unknownFields = unknownFields
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyCodingKey.self)
            nextCursor = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("next_cursor"))
            unknownFields = try container.unknownFields(excluding: ["next_cursor"])
            if nextCursor == nil,
                let raw = try? container.decodeIfPresent(JSONValue.self, forKey: AnyCodingKey("next_cursor")),
                !raw.isNull
            {
                unknownFields["next_cursor"] = raw
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyCodingKey.self)
            try container.encodeUnknownFields(unknownFields)
            if let nextCursor { try container.encode(nextCursor, forKey: AnyCodingKey("next_cursor")) }
        }
    }
}

extension LogsResponse: Codable, SlackResponseBody {
    private static let knownKeys: Set<String> = [
        "entries", "response_metadata", "ok", "error", "needed", "provided", "warning",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        entries = try container.decodeIfPresent([AuditLogEntry].self, forKey: AnyCodingKey("entries")) ?? []
        responseMetadata = try container.decodeIfPresent(
            ResponseMetadata.self,
            forKey: AnyCodingKey("response_metadata")
        )
        ok = try? container.decodeIfPresent(Bool.self, forKey: AnyCodingKey("ok"))
        error = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("error"))
        needed = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("needed"))
        provided = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("provided"))
        warning = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("warning"))
        unknownFields = try container.unknownFields(excluding: Self.knownKeys)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encodeUnknownFields(unknownFields)
        try container.encode(entries, forKey: AnyCodingKey("entries"))
        try container.encodeIfPresent(responseMetadata, forKey: AnyCodingKey("response_metadata"))
        try container.encodeIfPresent(ok, forKey: AnyCodingKey("ok"))
        try container.encodeIfPresent(error, forKey: AnyCodingKey("error"))
        try container.encodeIfPresent(needed, forKey: AnyCodingKey("needed"))
        try container.encodeIfPresent(provided, forKey: AnyCodingKey("provided"))
        try container.encodeIfPresent(warning, forKey: AnyCodingKey("warning"))
    }
}
