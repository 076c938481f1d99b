import Foundation

/// A validated base URL: scheme, host and port known, path ending in `/`.
struct APIEndpoint: Sendable, Equatable {
    var scheme: String
    var host: String
    var port: Int
    /// The whole base URL, ending in `/`.
    var base: String

    /// Whether `host` is a loopback address or name, where plain `http` is acceptable.
    static func isLoopback(_ host: String) -> Bool { Loopback.isLoopback(host: host) }

    /// Validates a URL that requests may be sent to.
    ///
    /// - Parameters:
    ///   - text: the URL.
    ///   - purpose: what the URL is, for the error message ("The base URL", "The redirect target").
    ///   - allowingQuery: whether a query string is acceptable (it is in a request URL, not in a base URL).
    init(validating text: String, purpose: String, allowingQuery: Bool = false) throws(AuditLogsError) {
        func invalid(_ why: String) -> AuditLogsError {
            AuditLogsError(code: .invalidConfiguration, message: "\(purpose) \"\(text)\" is not usable: \(why).")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw invalid("it is not an absolute URL such as https://api.slack.com/audit/v1/")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("it has no host") }
        guard scheme == "https" || scheme == "http" else {
            throw invalid("the scheme must be https")
        }
        guard scheme == "https" || Self.isLoopback(host) else {
            throw invalid(
                "plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use https so that the "
                    + "token is never sent in clear text"
            )
        }
        guard components.user == nil, components.password == nil else {
            throw invalid("it must not hold a user name or password")
        }
        guard allowingQuery || (components.query == nil && components.fragment == nil) else {
            throw invalid("it must not have a query string or a fragment")
        }
        self.scheme = scheme
        self.host = host
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
        self.base = text.hasSuffix("/") ? text : text + "/"
    }

    /// The URL of an API path such as `logs`, with the query string.
    func url(path: String, query: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        let encodedPath = trimmed.split(separator: "/", omittingEmptySubsequences: false)
            .map { QueryString.percentEncode(String($0)) }
            .joined(separator: "/")
        return base + encodedPath + (query.isEmpty ? "" : "?" + query)
    }
}
