/// One entry of a page as the exact bytes Slack sent, with its `id` and `date_create` read without decoding the rest.
///
/// Writing ``bytes`` as one NDJSON line passes the entry through losslessly; ``decode()`` gives the typed model when
/// you need it.
public struct RawLogEntry: Sendable, Hashable {
    /// The entry's JSON text, byte for byte as received.
    public let bytes: ArraySlice<UInt8>
    /// The entry's `id`, when it is a string.
    public let id: String?
    /// The entry's `date_create`, when it is an integer.
    public let dateCreate: Int64?

    /// An entry from its bytes and the fields read from them.
    package init(bytes: ArraySlice<UInt8>, id: String?, dateCreate: Int64?) {
        self.bytes = bytes
        self.id = id
        self.dateCreate = dateCreate
    }

    /// Reads one entry on its own, such as a line of an NDJSON file written from ``bytes``, finding its `id` and
    /// `date_create` without decoding the rest.
    ///
    /// - Throws: ``JSONParseError`` when `json` is not one JSON value (surrounding whitespace is allowed).
    public init(parsing json: [UInt8]) throws(JSONParseError) {
        self = try LogsPageScanner.entry(json)
    }

    /// The typed entry.
    /// - Throws: ``JSONParseError`` when the bytes are not a JSON object.
    public func decode() throws(JSONParseError) -> AuditLogEntry {
        try AuditLogEntry(parsing: bytes)
    }
}
