/// Splits a `/logs` body into raw entries without decoding them: one pass over the bytes that checks the JSON's
/// structure, notes where each entry starts and ends, and reads only `id`, `date_create`, the cursor and Slack's
/// error fields.
enum LogsPageScanner {
    /// What a body holds. Where a member appears twice, the last one counts, as in the typed models.
    struct Result: Sendable {
        var entries: [RawLogEntry] = []
        /// The next cursor; `nil` when empty, null or absent.
        var nextCursor: String?
        /// `next_cursor` was present with a value that is neither a string nor null: paging cannot go on safely.
        var hasUnreadableCursor = false
        /// Why `entries` cannot be read as audit entries: not a list, or an element that is not an object. The page
        /// is refused rather than writing such a value as if it were an event, or skipping it unseen.
        var entriesProblem: String?
        var ok: Bool?
        var error: String?
    }

    /// `entries` as Slack documents it: a list (or null, for none) of objects. Shared with the typed models, so that
    /// the raw and the typed reading of a page refuse the same pages.
    static func entriesProblem(_ kinds: some Sequence<String>) -> String? {
        for (index, kind) in kinds.enumerated() where kind != "an object" {
            return "entries[\(index)] is \(kind), not an object: not an audit log page"
        }
        return nil
    }

    static func scan(_ body: [UInt8]) throws(JSONParseError) -> Result {
        let outcome = body.withUnsafeBytes { bytes in
            Swift.Result { () throws(JSONParseError) in try scan(bytes, body: body) }
        }
        return try outcome.get()
    }

    private static func scan(_ bytes: UnsafeRawBufferPointer, body: [UInt8]) throws(JSONParseError) -> Result {
        var parser = JSONParser(bytes: bytes)
        var result = Result()
        guard try parser.beginObject() else {
            throw JSONParseError(offset: parser.index, reason: "the top level is not a JSON object")
        }
        var isFirst = true
        while let key = try parser.nextKey(&isFirst) {
            switch key {
            case "entries":
                result.entries = []
                result.entriesProblem = nil
                if parser.peek() == UInt8(ascii: "n") {
                    try parser.skipValue()  // null: no entries
                    continue
                }
                guard try parser.beginArray() else {
                    result.entriesProblem = "entries is \(parser.kindOfNextValue()), not a list: not an audit log page"
                    try parser.skipValue()
                    continue
                }
                var first = true
                while try parser.hasNextElement(first: first) {
                    first = false
                    let kind = parser.kindOfNextValue()
                    if kind != "an object", result.entriesProblem == nil {
                        result.entriesProblem = Self.entriesProblem(
                            Array(repeating: "an object", count: result.entries.count) + [kind]
                        )
                    }
                    result.entries.append(try entry(&parser, body: body))
                }
            case "response_metadata":
                let metadata = try parser.readValue()
                result.hasUnreadableCursor = false
                switch metadata["next_cursor"] {
                case .string(let cursor)?: result.nextCursor = cursor.isEmpty ? nil : cursor
                case .null?, nil: result.nextCursor = nil
                default:
                    result.nextCursor = nil
                    result.hasUnreadableCursor = true
                }
            case "ok":
                let start = parser.mark
                result.ok = try parser.readBool()
                if result.ok == nil {
                    parser.rewind(to: start)
                    try parser.skipValue()
                }
            case "error":
                let start = parser.mark
                result.error = try parser.readString()
                if result.error == nil {
                    parser.rewind(to: start)
                    try parser.skipValue()
                }
            default:
                try parser.skipValue()
            }
        }
        guard parser.isAtEnd() else {
            throw JSONParseError(offset: parser.index, reason: "unexpected data after the JSON value")
        }
        return result
    }

    /// One entry on its own (an NDJSON line, say): its `id` and `date_create`, checking that it is an object and that
    /// nothing follows it.
    static func entry(_ body: [UInt8]) throws(JSONParseError) -> RawLogEntry {
        let outcome = body.withUnsafeBytes { bytes in
            Swift.Result { () throws(JSONParseError) in
                var parser = JSONParser(bytes: bytes)
                let kind = parser.kindOfNextValue()
                guard kind == "an object" else {
                    throw JSONParseError(offset: parser.index, reason: "an entry is an object; this is \(kind)")
                }
                let entry = try entry(&parser, body: body)
                guard parser.isAtEnd() else {
                    throw JSONParseError(offset: parser.index, reason: "unexpected data after the JSON value")
                }
                return entry
            }
        }
        return try outcome.get()
    }

    /// One element of `entries`: its exact bytes, and its `id` and `date_create` (the last of duplicates wins).
    private static func entry(_ parser: inout JSONParser, body: [UInt8]) throws(JSONParseError) -> RawLogEntry {
        _ = parser.peek()
        let start = parser.index
        var id: String?
        var dateCreate: Int64?
        if try parser.beginObject() {
            var isFirst = true
            while let key = try parser.nextKey(&isFirst) {
                let mark = parser.mark
                switch key {
                case "id":
                    id = try parser.readString()
                    if id == nil {
                        parser.rewind(to: mark)
                        try parser.skipValue()
                    }
                case "date_create":
                    dateCreate = try parser.readInteger()
                    if dateCreate == nil {
                        parser.rewind(to: mark)
                        try parser.skipValue()
                    }
                default:
                    try parser.skipValue()
                }
            }
        } else {
            try parser.skipValue()
        }
        return RawLogEntry(bytes: body[start..<parser.index], id: id, dateCreate: dateCreate)
    }
}
