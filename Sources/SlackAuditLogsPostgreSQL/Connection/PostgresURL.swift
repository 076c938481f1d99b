import Foundation
import NIOSSL
import PostgresNIO
import SlackAuditLogsCommands

/// A PostgreSQL connection URL, read into postgres-nio's configuration.
///
/// postgres-nio takes a host, port, user, password and database, not a URL; this is the small libpq-style reader
/// (`postgresql://user:password@host:port/database?sslmode=…&host=/socket/dir&sslrootcert=…`) that `serve`'s
/// configuration needs. Messages name the part that is wrong and never hold the password.
package struct PostgresURL: Sendable, Equatable {
    enum Address: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// A folder holding the server's socket (`.s.PGSQL.<port>`), as libpq's `host=/path`.
        case socket(directory: String, port: Int)
    }

    enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    var address: Address
    var username: String
    var password: String?
    var database: String?
    var tlsMode: TLSMode
    var rootCertificateFile: String?
    var connectTimeout: Duration

    /// Reads `text`; throws ``ServeClusterError`` (invalid configuration) naming the part that is wrong.
    package init(parsing text: String) throws(ServeClusterError) {
        func invalid(_ problem: String) -> ServeClusterError {
            ServeClusterError(
                .invalidConfiguration,
                message: "The database URL \(problem)",
                hint: "Write postgresql://user:password@host:5432/database (percent-encode reserved characters of "
                    + "the user and password), optionally with ?sslmode=disable|prefer|require|verify-ca|verify-full."
            )
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var rest: Substring
        if trimmed.hasPrefix("postgresql://") {
            rest = trimmed.dropFirst("postgresql://".count)
        } else if trimmed.hasPrefix("postgres://") {
            rest = trimmed.dropFirst("postgres://".count)
        } else {
            throw invalid("does not start with postgresql:// (or postgres://).")
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        // The user information may hold a '/' (percent-encoding is the rule, but be lenient): split after the '@'.
        let authorityStart = rest.lastIndex(of: "@").map { rest.index(after: $0) } ?? rest.startIndex
        if let slash = rest[authorityStart...].firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        func decode(_ part: Substring, _ what: String) throws(ServeClusterError) -> String {
            guard let decoded = String(part).removingPercentEncoding else {
                throw invalid("has a malformed percent-encoding in its \(what).")
            }
            return decoded
        }
        var username = "postgres"
        var password: String?
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                username = try decode(userInfo[..<colon], "user name")
                password = try decode(userInfo[userInfo.index(after: colon)...], "password")
            } else {
                username = try decode(userInfo, "user name")
            }
        }
        var host = "localhost"
        var port = 5432
        if !rest.isEmpty {
            var portText: Substring?
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { throw invalid("has an IPv6 host without its ']'.") }
                host = String(rest[rest.index(after: rest.startIndex)..<close])
                let after = rest[rest.index(after: close)...]
                if after.hasPrefix(":") {
                    portText = after.dropFirst()
                } else if !after.isEmpty {
                    throw invalid("has something after the IPv6 host that is not a port.")
                }
            } else if let colon = rest.lastIndex(of: ":") {
                host = try decode(rest[..<colon], "host")
                portText = rest[rest.index(after: colon)...]
            } else {
                host = try decode(rest, "host")
            }
            if let portText {
                guard let value = Int(portText), (1...65535).contains(value) else {
                    throw invalid("has a port that is not 1 to 65535.")
                }
                port = value
            }
        }
        var database = path.isEmpty ? nil : try decode(path, "database name")
        var tlsMode = TLSMode.prefer
        var rootCertificateFile: String?
        var socketDirectory: String?
        var connectTimeout = Duration.seconds(10)
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decode(parts[0], "parameters")
            let value = parts.count > 1 ? try decode(parts[1], "parameters") : ""
            switch key {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw invalid(
                        "has sslmode=\(value); use \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))."
                    )
                }
                tlsMode = mode
            case "sslrootcert":
                rootCertificateFile = value
            case "host":
                guard value.hasPrefix("/") else { throw invalid("has a host parameter that is not a socket folder.") }
                socketDirectory = value
            case "port":
                guard let value = Int(value), (1...65535).contains(value) else {
                    throw invalid("has a port parameter that is not 1 to 65535.")
                }
                port = value
            case "user":
                username = value
            case "password":
                password = value
            case "dbname":
                database = value
            case "connect_timeout":
                guard let seconds = Int(value), (1...600).contains(seconds) else {
                    throw invalid("has a connect_timeout that is not 1 to 600 seconds.")
                }
                connectTimeout = .seconds(seconds)
            case "application_name":
                continue
            default:
                throw invalid(
                    "has the parameter `\(key)`, which is not supported (sslmode, sslrootcert, host, port, user, "
                        + "password, dbname, connect_timeout, application_name are)."
                )
            }
        }
        guard !username.isEmpty else { throw invalid("has an empty user name.") }
        if let socketDirectory {
            guard tlsMode == .disable || tlsMode == .prefer else {
                throw invalid("asks for TLS over a Unix socket; use sslmode=disable with host=/socket/folder.")
            }
            address = .socket(directory: socketDirectory, port: port)
        } else {
            guard !host.isEmpty else { throw invalid("has an empty host.") }
            address = .tcp(host: host, port: port)
        }
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
        self.rootCertificateFile = rootCertificateFile
        self.connectTimeout = connectTimeout
    }

    /// Where it connects, for logs: no user information.
    package var location: String {
        switch address {
        case .tcp(let host, let port): "\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database ?? username)"
        case .socket(let directory, let port): "\(directory)/.s.PGSQL.\(port) (\(database ?? username))"
        }
    }

    /// postgres-nio's configuration, with the keepalive query that finds a dead connection.
    package func clientConfiguration() throws(ServeClusterError) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch address {
        case .socket(let directory, let port):
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(directory)/.s.PGSQL.\(port)",
                username: username,
                password: password,
                database: database
            )
        case .tcp(let host, let port):
            var tls = TLSConfiguration.makeClientConfiguration()
            if tlsMode == .prefer || tlsMode == .require { tls.certificateVerification = .none }
            if tlsMode == .verifyCA { tls.certificateVerification = .noHostnameVerification }
            if let rootCertificateFile {
                guard FileManager.default.isReadableFile(atPath: rootCertificateFile) else {
                    throw ServeClusterError(
                        .invalidConfiguration,
                        message: "The database URL's sslrootcert \(rootCertificateFile) cannot be read.",
                        hint: "Give a PEM file of the certificate authorities that signed the server's certificate."
                    )
                }
                tls.trustRoots = .file(rootCertificateFile)
            }
            let mode: PostgresClient.Configuration.TLS =
                switch tlsMode {
                case .disable: .disable
                case .prefer: .prefer(tls)
                case .require, .verifyCA, .verifyFull: .require(tls)
                }
            configuration = PostgresClient.Configuration(
                host: host,
                port: port,
                username: username,
                password: password,
                database: database,
                tls: mode
            )
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(10))
        configuration.options.maximumConnections = 8
        return configuration
    }
}
