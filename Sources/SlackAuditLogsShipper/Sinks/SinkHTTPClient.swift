import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SlackAuditLogs

/// The HTTP side the SIEM sinks share: one AsyncHTTPClient with the sink's TLS settings and deadline, and the few
/// rules every HTTP sink follows (which failures are worth a retry, reading `Retry-After`, keeping secrets out of
/// messages).
final class SinkHTTPClient: Sendable {
    /// An answer, or why none came.
    enum Reply: Sendable {
        case response(status: Int, headers: HTTPHeaders, body: [UInt8])
        /// No response: connection refused or reset, timeout, TLS failure. Always worth a retry.
        case transportFailure(String)
    }

    private let client: HTTPClient
    private let timeout: Duration
    private let secrets: [String]

    /// - Parameters:
    ///   - secrets: values that must never appear in a message (tokens, keys, passwords): scrubbed from any server
    ///     text a sink quotes.
    ///   - url: the sink's base URL, checked here: `what` and `example` make the message ("The HEC URL …").
    init(
        tls: AuditLogsClient.Configuration.TLS,
        timeout: Duration,
        secrets: [String],
        url: String,
        what: String,
        example: String
    ) throws(ShipperError) {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme), components.host != nil
        else {
            throw ShipperError(
                code: .invalidConfiguration,
                message: "The \(what) URL \"\(url)\" is not an http(s) URL such as \(example)."
            )
        }
        var configuration = HTTPClient.Configuration()
        if url.lowercased().hasPrefix("https://") {
            do {
                configuration.tlsConfiguration = try tls.makeNIOConfiguration()
            } catch {
                throw ShipperError(code: .invalidConfiguration, message: error.message)
            }
        }
        configuration.timeout = HTTPClient.Configuration.Timeout(
            connect: .seconds(min(timeout.components.seconds, 30)),
            read: .seconds(max(timeout.components.seconds, 1))
        )
        configuration.decompression = .enabled(limit: .ratio(100))
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    /// Sends one request; never throws: a failure to get an answer is ``Reply/transportFailure(_:)``.
    func send(method: HTTPMethod, url: String, headers: HTTPHeaders, body: [UInt8]?) async -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.seconds * 1e9)))
            let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return .response(
                status: Int(response.status.code),
                headers: response.headers,
                body: Array(buffer.readableBytesView)
            )
        } catch {
            return .transportFailure(scrub("\(error)"))
        }
    }

    /// `text` with every secret replaced by `<redacted>`.
    func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }

    /// The wait a `Retry-After` header asks for.
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        RetryAfter.parse(headers.first(name: "retry-after"), now: Date().timeIntervalSince1970)
    }

    func shutdown() async {
        try? await client.shutdown()
    }
}

extension ShipmentEntry {
    /// The UTC calendar date of `date_create` (now when absent), for index names with a date pattern.
    func utcDate(now: Int64) -> (year: Int64, month: Int64, day: Int64) {
        // Days from civil (Howard Hinnant's algorithm), inverted: exact for every Int64 day count we can meet.
        let days = (dateCreate ?? now).floorDivided(by: 86_400) + 719_468
        let era = days.floorDivided(by: 146_097)
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
