import Foundation

extension AuditLogsClient.Configuration {
    /// Where requests go through: no proxy, a given proxy, or the one the environment names.
    ///
    /// HTTP proxies are used through `CONNECT` tunnels, so TLS stays end to end with Slack. SOCKS5 proxies are
    /// supported with a `socks5://` URL.
    ///
    /// ```swift
    /// configuration.proxy = .url("http://user:password@proxy.internal:3128")
    /// ```
    public struct Proxy: Sendable, CustomStringConvertible, CustomReflectable {
        enum Storage: Sendable {
            case none
            case environment([String: String]?)
            case url(String)
        }

        let storage: Storage

        /// No proxy, whatever the environment says.
        public static let none = Proxy(storage: .none)

        /// The proxy named by the process environment when the client is created: the first non-empty of
        /// `HTTPS_PROXY`, `https_proxy`, `HTTP_PROXY`, `http_proxy`, unless `NO_PROXY` (or `no_proxy`) lists
        /// the API's host. This is the default.
        public static let environment = Proxy(storage: .environment(nil))

        /// Like ``environment``, reading the given variables instead of the process environment.
        public static func environment(_ variables: [String: String]) -> Proxy {
            Proxy(storage: .environment(variables))
        }

        /// An explicit proxy URL: `http://[user:password@]host[:port]` or `socks5://host[:port]`. `NO_PROXY` does
        /// not apply to it. User name and password may be percent-encoded.
        public static func url(_ url: String) -> Proxy {
            Proxy(storage: .url(url))
        }

        public var description: String {
            switch storage {
            case .none: return "none"
            case .environment(nil): return "environment"
            case .environment: return "environment(custom variables)"
            case .url(let url): return "url(\(ProxyEndpoint.redacting(url)))"
            }
        }

        // The proxy URL may hold a password: reflection shows the redacted description only.
        public var customMirror: Mirror {
            Mirror(self, children: ["description": description], displayStyle: .struct)
        }
    }
}

/// A proxy to connect through, parsed and validated.
struct ProxyEndpoint: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case http
        case socks5
    }

    var kind: Kind
    var host: String
    var port: Int
    var username: String?
    var password: String?

    /// Environment variables in the order they are looked at; empty values fall through to the next.
    static let environmentVariables = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]

    /// The proxy for requests to `host:port`, or `nil` for a direct connection.
    static func resolve(
        _ proxy: AuditLogsClient.Configuration.Proxy,
        host: String,
        port: Int
    ) throws(AuditLogsError) -> ProxyEndpoint? {
        switch proxy.storage {
        case .none:
            return nil
        case .url(let url):
            return try parse(url, source: "Configuration.proxy")
        case .environment(let variables):
            let environment = variables ?? ProcessInfo.processInfo.environment
            guard let name = environmentVariables.first(where: { !(environment[$0] ?? "").isEmpty }),
                let value = environment[name]
            else { return nil }
            let noProxy = [environment["NO_PROXY"], environment["no_proxy"]].compactMap { $0 }.first { !$0.isEmpty }
            if let noProxy, NoProxyList(noProxy).matches(host: host, port: port) { return nil }
            return try parse(value, source: "the \(name) environment variable")
        }
    }

    /// Parses `scheme://[user[:password]@]host[:port][/]`; a missing scheme means `http`.
    static func parse(_ text: String, source: String) throws(AuditLogsError) -> ProxyEndpoint {
        func invalid(_ why: String) -> AuditLogsError {
            AuditLogsError(
                code: .invalidConfiguration,
                message: "The proxy URL in \(source) (\(redacting(text))) is not usable: \(why). "
                    + "Use http://[user:password@]host:port or socks5://host:port."
            )
        }
        var rest = Substring(text.trimmingWhitespace())
        var kind = Kind.http
        var defaultPort = 80
        if let schemeEnd = rest.range(of: "://") {
            switch rest[..<schemeEnd.lowerBound].lowercased() {
            case "http":
                kind = .http
            case "socks5", "socks5h":
                kind = .socks5
                defaultPort = 1080
            case "https":
                throw invalid(
                    "TLS to the proxy itself is not supported; use http:// (the tunnel to Slack is still TLS)"
                )
            case let other:
                throw invalid("the scheme \"\(other)\" is not supported")
            }
            rest = rest[schemeEnd.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                username = String(userInfo[..<colon]).removingPercentEncoding ?? String(userInfo[..<colon])
                let rawPassword = String(userInfo[userInfo.index(after: colon)...])
                password = rawPassword.removingPercentEncoding ?? rawPassword
            } else {
                username = String(userInfo).removingPercentEncoding ?? String(userInfo)
            }
            if kind == .socks5 { throw invalid("SOCKS proxies with a user name and password are not supported") }
        }
        var host = rest
        var port = defaultPort
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("the IPv6 address has no closing ]") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let afterHost = rest[rest.index(after: close)...]
            if afterHost.hasPrefix(":") {
                guard let value = Int(afterHost.dropFirst()) else { throw invalid("the port is not a number") }
                port = value
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let value = Int(rest[rest.index(after: colon)...]) else { throw invalid("the port is not a number") }
            port = value
        }
        guard !host.isEmpty else { throw invalid("there is no host") }
        guard (1...65535).contains(port) else { throw invalid("the port \(port) is out of range") }
        return ProxyEndpoint(kind: kind, host: String(host), port: port, username: username, password: password)
    }

    /// The URL with any password replaced, for messages and logs.
    static func redacting(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@") else { return url }
        let start = url.range(of: "://")?.upperBound ?? url.startIndex
        guard start <= at else { return url }
        let userInfo = url[start..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":<redacted>" + String(url[at...])
    }
}

/// A `NO_PROXY` list: comma-separated host names, domain suffixes, IP addresses, IPv4 CIDR blocks, each with
/// an optional port, or `*` for every host.
struct NoProxyList: Sendable {
    private struct Entry: Sendable {
        var host: String
        var port: Int?
    }

    private let entries: [Entry]
    private let matchesEverything: Bool

    init(_ text: String) {
        var entries: [Entry] = []
        var everything = false
        for raw in text.split(separator: ",") {
            var item = raw.trimmingWhitespace().lowercased()
            if item.isEmpty { continue }
            if item == "*" {
                everything = true
                continue
            }
            var port: Int?
            if item.hasPrefix("[") {
                if let close = item.firstIndex(of: "]") {
                    let after = item[item.index(after: close)...]
                    if after.hasPrefix(":") { port = Int(after.dropFirst()) }
                    item = String(item[item.index(after: item.startIndex)..<close])
                }
            } else if item.filter({ $0 == ":" }).count == 1, let colon = item.lastIndex(of: ":"),
                let value = Int(item[item.index(after: colon)...])
            {
                port = value
                item = String(item[..<colon])
            }
            while item.hasPrefix("*") || item.hasPrefix(".") { item.removeFirst() }
            if !item.isEmpty { entries.append(Entry(host: item, port: port)) }
        }
        self.entries = entries
        self.matchesEverything = everything
    }

    /// Whether a request to `host:port` must bypass the proxy.
    func matches(host: String, port: Int) -> Bool {
        if matchesEverything { return true }
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return entries.contains { entry in
            if let entryPort = entry.port, entryPort != port { return false }
            if entry.host.contains("/") { return Self.ipv4(host, isIn: entry.host) }
            return host == entry.host || host.hasSuffix("." + entry.host)
        }
    }

    private static func ipv4(_ host: String, isIn block: String) -> Bool {
        let parts = block.split(separator: "/")
        guard parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits),
            let network = ipv4Value(String(parts[0])), let address = ipv4Value(host)
        else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
        return network & mask == address & mask
    }

    private static func ipv4Value(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4 else { return nil }
        return octets.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}
