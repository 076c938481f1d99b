/// One request the simulator received, as tests see it. The `Authorization` header's token is redacted.
public struct SimulatorRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The path, such as `/audit/v1/logs`.
    public var path: String
    /// The raw query string, as sent (still percent-encoded), or `nil`.
    public var query: String?
    /// The headers, with the bearer token replaced by `<redacted>`.
    public var headers: [(name: String, value: String)]
    /// When it arrived.
    public var receivedAt: ContinuousClock.Instant
    /// What the simulator did with it.
    public var outcome: SimulatorOutcome

    /// The query parameters, percent-decoded; a repeated name keeps its last value.
    public var queryParameters: [String: String] {
        QueryParameters.parse(query)
    }

    /// The first header named `name`, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What the simulator answered to a request.
public enum SimulatorOutcome: Sendable, Hashable {
    /// A page of `/logs` with this many entries and whether a next cursor was given.
    case page(entries: Int, hasNextCursor: Bool)
    /// The `/schemas` or `/actions` capture.
    case capture(String)
    /// A Slack error body with this HTTP status and `error` code.
    case error(status: Int, code: String)
    /// A 429.
    case rateLimited
    /// An injected fault.
    case fault(SimulatorFault)
}

/// Counters of what the simulator did.
public struct SimulatorCounters: Sendable, Hashable {
    /// Requests received.
    public var requests = 0
    /// 429 answers, from the rate limit or injected.
    public var rateLimited = 0
    /// Entries served in `/logs` pages.
    public var entriesServed = 0
    /// Pages served.
    public var pagesServed = 0
    /// Response body bytes written for successful answers.
    public var bytesServed = 0
    /// Faults injected.
    public var faultsInjected = 0
    /// Slack error answers (4xx/5xx with a JSON error body), injected ones included.
    public var errors = 0

    /// All zero.
    package init() {}
}

/// Query strings: percent-decoding, with `+` kept as a plus (Slack cursors contain it).
enum QueryParameters {
    static func parse(_ query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            parameters[name] = value
        }
        return parameters
    }

    /// Decodes `%XX` sequences; a malformed one is kept as written.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
