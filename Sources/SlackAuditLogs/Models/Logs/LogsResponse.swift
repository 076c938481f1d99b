/// The body of `GET logs`: a page of audit events, newest first, and the cursor to the next page.
public struct LogsResponse: Sendable, Hashable, Codable, SlackResponseBody {
    /// The events of this page. May hold more than the `limit` asked for when several events share a second.
    public var entries: [AuditLogEntry] = []
    /// Paging information.
    public var responseMetadata: ResponseMetadata?
    /// Slack's `ok` flag. A successful page often has none.
    public var ok: Bool? {
        get { envelopeFields.ok }
        set { envelopeFields.ok = newValue }
    }
    /// Slack's error code, on failure.
    public var error: String? {
        get { envelopeFields.error }
        set { envelopeFields.error = newValue }
    }
    /// The scope the call needs, on a scope error.
    public var needed: String? {
        get { envelopeFields.needed }
        set { envelopeFields.needed = newValue }
    }
    /// The scopes the token has, on a scope error.
    public var provided: String? {
        get { envelopeFields.provided }
        set { envelopeFields.provided = newValue }
    }
    /// A warning from Slack.
    public var warning: String? {
        get { envelopeFields.warning }
        set { envelopeFields.warning = newValue }
    }
    /// Members not modelled, or of an unexpected type, exactly as received. When `entries` held something that is
    /// not an object, the whole list is kept here too, and written back instead of ``entries``.
    public var unknownFields: JSONObject = [:]

    private var envelopeFields = SlackEnvelope()
    /// Whether the body had an `entries` member, so that re-encoding a body without one does not add it.
    private var hasEntriesMember = false

    /// An empty page.
    public init(entries: [AuditLogEntry] = [], nextCursor: String? = nil) {
        self.entries = entries
        self.hasEntriesMember = true
        if let nextCursor { self.responseMetadata = ResponseMetadata(nextCursor: nextCursor) }
    }

    /// The cursor of the next page, or `nil` on the last page (Slack sends an empty, null or absent cursor).
    public var nextCursor: String? {
        guard let cursor = responseMetadata?.nextCursor, !cursor.isEmpty else { return nil }
        return cursor
    }

    public init(jsonObject: JSONObject) {
        var unknown: JSONObject = [:]
        for (key, value) in jsonObject {
            if envelopeFields.assign(key, value, unknown: &unknown) { continue }
            switch key {
            case "entries":
                hasEntriesMember = true
                guard case .array(let elements) = value else {
                    unknown[key] = value
                    continue
                }
                entries.reserveCapacity(elements.count)
                for element in elements {
                    if case .object(let object) = element { entries.append(AuditLogEntry(jsonObject: object)) }
                }
                if entries.count != elements.count { unknown[key] = value }
            case "response_metadata":
                assign(value, to: &responseMetadata, key: key, unknown: &unknown)
            default:
                unknown[key] = value
            }
        }
        unknownFields = unknown
    }

    public init(from decoder: any Decoder) throws {
        self.init(jsonObject: try JSONValue.decodeObject(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }

    public var jsonValue: JSONValue {
        var object = unknownFields
        if hasEntriesMember, object["entries"] == nil { object["entries"] = entries.jsonValue }
        if let responseMetadata { object["response_metadata"] = responseMetadata.jsonValue }
        envelopeFields.write(into: &object)
        return .object(object)
    }
}

extension LogsResponse: JSONReadable {
    /// Reads a page straight from the bytes: the entries are decoded without building a ``JSONValue`` tree first.
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> LogsResponse? {
        guard try parser.beginObject() else { return nil }
        var page = LogsResponse()
        page.hasEntriesMember = false
        var unknown: JSONObject = [:]
        var isFirst = true
        // Why the last `entries` member cannot be read; an earlier one is replaced, as the scanner reads it.
        var entriesProblem: JSONParseError?
        while let key = try parser.nextKey(&isFirst) {
            switch key {
            case "response_metadata": try parser.read(into: &page.responseMetadata, key: key, unknown: &unknown)
            case "entries":
                // As the raw scanner reads it: a list (or null) of objects, the last `entries` member counting.
                page.hasEntriesMember = true
                unknown[key] = nil
                page.entries = []
                entriesProblem = nil
                if parser.peek() == UInt8(ascii: "n") {
                    // null: no entries, and kept as null, so that the page writes back as it came.
                    unknown[key] = try parser.readValue()
                    continue
                }
                let start = parser.index
                let listKind = parser.kindOfNextValue()
                guard try parser.beginArray() else {
                    entriesProblem = JSONParseError(
                        offset: start,
                        reason: "entries is \(listKind), not a list: not an audit log page"
                    )
                    try parser.skipValue()
                    continue
                }
                var first = true
                while try parser.hasNextElement(first: first) {
                    first = false
                    let kind = parser.kindOfNextValue()
                    guard entriesProblem == nil, kind == "an object", let entry = try AuditLogEntry.read(from: &parser)
                    else {
                        if entriesProblem == nil {
                            entriesProblem = JSONParseError(
                                offset: parser.index,
                                reason: LogsPageScanner.entriesProblem(
                                    Array(repeating: "an object", count: page.entries.count) + [kind]
                                ) ?? "an entry is not an object"
                            )
                        }
                        try parser.skipValue()
                        continue
                    }
                    page.entries.append(entry)
                }
            default:
                if try page.envelopeFields.read(key, from: &parser, unknown: &unknown) { continue }
                unknown[key] = try parser.readValue()
            }
        }
        if let entriesProblem { throw entriesProblem }
        page.unknownFields = unknown
        return page
    }
}

extension LogsResponse.ResponseMetadata: JSONReadable {}

extension LogsResponse {
    /// Paging information: `response_metadata`.
    public struct ResponseMetadata: Sendable, Hashable, Codable, JSONObjectModel {
        /// `next_cursor`: the cursor of the next page; empty or absent on the last page.
        public var nextCursor: String?
        /// `messages`
        public var messages: [JSONValue]?
        /// `warnings`
        public var warnings: [JSONValue]?
        /// Members not modelled, or of an unexpected type, exactly as received.
        public var unknownFields: JSONObject = [:]

        /// Paging information with a cursor.
        public init(nextCursor: String? = nil) {
            self.nextCursor = nextCursor
        }

        public init(jsonObject: JSONObject) {
            var unknown: JSONObject = [:]
            for (key, value) in jsonObject {
                switch key {
                case "next_cursor": assign(value, to: &nextCursor, key: key, unknown: &unknown)
                case "messages": assign(value, to: &messages, key: key, unknown: &unknown)
                case "warnings": assign(value, to: &warnings, key: key, unknown: &unknown)
                default: unknown[key] = value
                }
            }
            unknownFields = unknown
        }

        public init(from decoder: any Decoder) throws {
            self.init(jsonObject: try JSONValue.decodeObject(from: decoder))
        }

        public func encode(to encoder: any Encoder) throws {
            try jsonValue.encode(to: encoder)
        }

        public var jsonValue: JSONValue {
            var object = unknownFields
            if let nextCursor { object["next_cursor"] = .string(nextCursor) }
            if let messages { object["messages"] = messages.jsonValue }
            if let warnings { object["warnings"] = warnings.jsonValue }
            return .object(object)
        }
    }
}
