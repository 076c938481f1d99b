extension AuditLogEntry {
    /// Parses one entry from JSON bytes, such as a line of an NDJSON export.
    ///
    /// Members are read straight from the bytes; a duplicate key keeps its last value.
    /// - Throws: ``JSONParseError`` when the bytes are not a JSON object.
    public init(parsing bytes: some Sequence<UInt8>) throws(JSONParseError) {
        self = try JSONParser.model(AuditLogEntry.self, from: bytes)
    }
}

extension LogsResponse {
    /// Parses a `GET logs` body from JSON bytes, reading the entries straight from the bytes.
    /// - Throws: ``JSONParseError`` when the bytes are not a JSON object.
    public init(parsing bytes: some Sequence<UInt8>) throws(JSONParseError) {
        self = try JSONParser.model(LogsResponse.self, from: bytes)
    }
}

extension SchemasResponse {
    /// Parses a `GET schemas` body from JSON bytes.
    /// - Throws: ``JSONParseError`` when the bytes are not a JSON object.
    public init(parsing bytes: some Sequence<UInt8>) throws(JSONParseError) {
        self = try JSONParser.model(SchemasResponse.self, from: bytes)
    }
}

extension ActionsResponse {
    /// Parses a `GET actions` body from JSON bytes.
    /// - Throws: ``JSONParseError`` when the bytes are not a JSON object.
    public init(parsing bytes: some Sequence<UInt8>) throws(JSONParseError) {
        self = try JSONParser.model(ActionsResponse.self, from: bytes)
    }
}
