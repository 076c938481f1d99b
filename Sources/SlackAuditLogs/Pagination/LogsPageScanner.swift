/// Splits a `/logs` body into raw entries without decoding them: one pass over the bytes that checks the JSON's
/// structure, notes where each entry starts and ends, and reads only `id`, `date_create`, the cursor and Slack's
/// error fields.
enum LogsPageScanner {
    struct Result: Sendable {
        var entries: [RawLogEntry] = []
        /// The next cursor; `nil` when empty, null or absent.
        var nextCursor: String?
        /// `next_cursor` was present with a value that is neither a string nor null: paging cannot go on safely.
        var hasUnreadableCursor = false
        /// `entries` was present but not a list.
        var hasUnreadableEntries = false
        var ok: Bool?
        var error: String?
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
                guard try parser.beginArray() else {
                    try parser.skipValue()
                    result.hasUnreadableEntries = true
                    continue
                }
                var first = true
                while try parser.hasNextElement(first: first) {
                    first = false
                    result.entries.append(try entry(&parser, body: body))
                }
            case "response_metadata":
                let metadata = try parser.readValue()
                switch metadata["next_cursor"] {
                case .string(let cursor)?: result.nextCursor = cursor.isEmpty ? nil : cursor
                case .null?, nil: result.nextCursor = nil
                default: result.hasUnreadableCursor = true
                }
            case "ok":
                let start = parser.mark
                if let value = try parser.readBool() {
                    result.ok = value
                } else {
                    parser.rewind(to: start)
                    try parser.skipValue()
                }
            case "error":
                let start = parser.mark
                if let value = try parser.readString() {
                    result.error = value
                } else {
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

    /// One entry on its own (an NDJSON line, say): its `id` and `date_create`, checking that nothing follows it.
    static func entry(_ body: [UInt8]) throws(JSONParseError) -> RawLogEntry {
        let outcome = body.withUnsafeBytes { bytes in
            Swift.Result { () throws(JSONParseError) in
                var parser = JSONParser(bytes: bytes)
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
