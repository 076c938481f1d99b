import NIOHTTP1

/// One page of `GET logs`, kept as the bytes received and split into raw entries.
///
/// The fast, lossless path: ``entries`` are slices of ``body``, found without decoding them. Decode on demand with
/// ``decode()`` or ``RawLogEntry/decode()``.
public struct RawLogsPage: Sendable {
    /// The URL that answered, with its query string (it never holds the token).
    public let url: String
    /// The HTTP status (2xx: a failed page throws instead).
    public let statusCode: Int
    /// The response headers.
    public let headers: HTTPHeaders
    /// The body exactly as received.
    public let body: [UInt8]
    /// The entries, newest first, each as the exact bytes received.
    public let entries: [RawLogEntry]
    /// The cursor of the next page, or `nil` on the last page.
    public let nextCursor: String?
    /// The cursor this page was asked with, or `nil` for the first page.
    public let cursor: String?

    /// A page from its parts.
    package init(
        url: String,
        statusCode: Int,
        headers: HTTPHeaders,
        body: [UInt8],
        entries: [RawLogEntry],
        nextCursor: String?,
        cursor: String?
    ) {
        self.url = url
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.entries = entries
        self.nextCursor = nextCursor
        self.cursor = cursor
    }

    /// Splits a `/logs` body you already have (a saved page, say) into raw entries.
    /// - Throws: ``JSONParseError`` when the body is not a JSON object, or its `entries` is not a list of objects.
    public init(body: [UInt8]) throws(JSONParseError) {
        let scanned = try LogsPageScanner.scan(body)
        if let problem = scanned.entriesProblem { throw JSONParseError(offset: 0, reason: problem) }
        self.init(
            url: "",
            statusCode: 200,
            headers: [:],
            body: body,
            entries: scanned.entries,
            nextCursor: scanned.nextCursor,
            cursor: nil
        )
    }

    /// The whole page, typed.
    /// - Throws: ``JSONParseError`` when the body is not a JSON object.
    public func decode() throws(JSONParseError) -> LogsResponse {
        try LogsResponse(parsing: body)
    }
}
