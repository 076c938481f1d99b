import Foundation
import NIOHTTP1

/// A response from the Audit Logs API: what was asked, what came back, and the decoded body.
///
/// `rawBody` is the exact text received, so nothing Slack sent is ever lost; ``typedBody`` is the body decoded
/// into the endpoint's model (``LogsResponse``, ``SchemasResponse``, ``ActionsResponse``), and ``body`` is the
/// same text parsed as a generic ``JSONValue``.
public struct AuditLogsResponse<Body: Sendable>: Sendable {
    /// The URL that answered, with its query string (after any redirect). It never holds the token.
    public var url: String
    /// The HTTP status code.
    public var statusCode: Int
    /// The response headers. Look-ups by name are case-insensitive: `headers.first(name: "retry-after")`.
    public var headers: HTTPHeaders
    /// The body exactly as received, as UTF-8 text.
    public var rawBody: String
    /// The body decoded into the endpoint's model. For ``AuditLogsClient/apiCall(method:path:queryParameters:body:headers:)``
    /// it is the same as ``body``.
    public var typedBody: Body

    /// Creates a response.
    package init(url: String, statusCode: Int, headers: HTTPHeaders, rawBody: String, typedBody: Body) {
        self.url = url
        self.statusCode = statusCode
        self.headers = headers
        self.rawBody = rawBody
        self.typedBody = typedBody
    }

    /// The body parsed as JSON, or `nil` when it is not JSON (an HTML error page, plain text, an empty body).
    ///
    /// The text is parsed on each access; keep the value if you need it more than once.
    public var body: JSONValue? {
        try? JSONValue(parsing: rawBody)
    }

    /// Whether the status is in the 2xx range.
    public var isSuccess: Bool {
        (200..<300).contains(statusCode)
    }
}

/// A response whose body is only parsed generically: what ``AuditLogsClient/apiCall(method:path:queryParameters:body:headers:)``
/// returns, and what ``AuditLogsError/response`` carries.
public typealias AuditLogsRawResponse = AuditLogsResponse<JSONValue?>

extension AuditLogsResponse {
    /// The same response with another typed body.
    func withTypedBody<Other: Sendable>(_ typedBody: Other) -> AuditLogsResponse<Other> {
        AuditLogsResponse<Other>(
            url: url,
            statusCode: statusCode,
            headers: headers,
            rawBody: rawBody,
            typedBody: typedBody
        )
    }
}
