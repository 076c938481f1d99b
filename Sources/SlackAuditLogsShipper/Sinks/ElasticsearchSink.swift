import Foundation
import NIOHTTP1
import SlackAuditLogs

/// Elasticsearch or OpenSearch through `_bulk`: each entry is a `create` with `_id` = the entry's `id`, so a batch
/// sent again after a failure or a restart stores nothing twice (a `409` is "already there", hence delivered).
///
/// Per-item results are honoured: `429` and `5xx` items are retried, other `4xx` items (a mapping error) are
/// refused and dead-lettered with Elasticsearch's reason, the rest are delivered. A whole request answered `429`,
/// `5xx` or not answered is retried (after `Retry-After` when given); `401`/`403`/`404` stop the shipper, since
/// resending cannot help.
package final class ElasticsearchSink: DeliverySink {
    /// Where and how to index.
    package struct Configuration: Sendable {
        /// The cluster's base URL, such as `https://es.example.com:9200`.
        package var url: String
        /// The index name; `%Y`, `%m` and `%d` are the entry's `date_create` in UTC, `%%` a percent sign.
        package var index: String = "slack-audit-%Y.%m.%d"
        /// How to authenticate.
        package var authorization: Authorization = .none
        /// Which certificate authorities to trust (a custom CA for a private cluster).
        package var tls: AuditLogsClient.Configuration.TLS = .systemDefault
        /// The deadline of one request.
        package var timeout: Duration = .seconds(60)

        package init(url: String) {
            self.url = url
        }
    }

    /// Elasticsearch's ways to authenticate. The secrets come from files or the environment, never from argv.
    package enum Authorization: Sendable {
        case none
        /// `Authorization: Basic base64(user:password)`.
        case basic(username: String, password: String)
        /// `Authorization: ApiKey <encoded>`: the `encoded` field of the create-API-key response.
        case apiKey(String)
        /// `Authorization: Bearer <token>`.
        case bearer(String)

        var secrets: [String] {
            switch self {
            case .none: []
            case .basic(let username, let password):
                [password, Data("\(username):\(password)".utf8).base64EncodedString()]
            case .apiKey(let key): [key]
            case .bearer(let token): [token]
            }
        }

        var headerValue: String? {
            switch self {
            case .none: nil
            case .basic(let username, let password):
                "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
            case .apiKey(let key): "ApiKey \(key)"
            case .bearer(let token): "Bearer \(token)"
            }
        }
    }

    package let name = "elasticsearch"
    package let guarantee = DeliveryGuarantee.exactlyOnce
    private let configuration: Configuration
    private let pattern: IndexPattern
    private let http: SinkHTTPClient
    private let bulkURL: String

    package init(configuration: Configuration) throws(ShipperError) {
        self.configuration = configuration
        self.pattern = try IndexPattern(configuration.index)
        self.bulkURL = configuration.url.hasSuffix("/") ? configuration.url + "_bulk" : configuration.url + "/_bulk"
        self.http = try SinkHTTPClient(
            tls: configuration.tls,
            timeout: configuration.timeout,
            secrets: configuration.authorization.secrets,
            url: configuration.url,
            what: "Elasticsearch",
            example: "https://localhost:9200"
        )
    }

    package func deliver(_ batch: [ShipmentEntry]) async throws(ShipperError) -> [DeliveryOutcome] {
        var outcomes = [DeliveryOutcome?](repeating: nil, count: batch.count)
        var body: [UInt8] = []
        var sent: [Int] = []
        let now = Int64(Date().timeIntervalSince1970)
        for (index, entry) in batch.enumerated() {
            guard let id = entry.id, !id.isEmpty, id.utf8.count <= 512 else {
                outcomes[index] = .rejected(
                    reason: "the entry has no usable id (needed as _id, at most 512 bytes, for exactly-once delivery)"
                )
                continue
            }
            body.append(contentsOf: #"{"create":{"_index":"#.utf8)
            JSONValue.string(pattern.name(for: entry, now: now)).write(into: &body)
            body.append(contentsOf: #","_id":"#.utf8)
            JSONValue.string(id).write(into: &body)
            body.append(contentsOf: "}}\n".utf8)
            body.append(contentsOf: entry.bytes)
            body.append(UInt8(ascii: "\n"))
            sent.append(index)
        }
        if !sent.isEmpty {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/x-ndjson")
            headers.add(name: "Accept", value: "application/json")
            if let value = configuration.authorization.headerValue { headers.add(name: "Authorization", value: value) }
            let reply = await http.send(method: .POST, url: bulkURL, headers: headers, body: body)
            let results = try interpret(reply, count: sent.count)
            for (index, outcome) in zip(sent, results) { outcomes[index] = outcome }
        }
        return outcomes.map { $0 ?? .retry(reason: "no outcome", after: nil) }
    }

    /// The outcome of each sent entry, from the `_bulk` answer.
    private func interpret(_ reply: SinkHTTPClient.Reply, count: Int) throws(ShipperError) -> [DeliveryOutcome] {
        switch reply {
        case .transportFailure(let why):
            return Array(repeating: .retry(reason: "no answer from Elasticsearch: \(why)", after: nil), count: count)
        case .response(let status, let headers, let body):
            let text = http.scrub(String(decoding: body.prefix(2000), as: UTF8.self))
            switch status {
            case 200...299:
                break
            case 429, 500...599:
                let retry = DeliveryOutcome.retry(
                    reason: "Elasticsearch answered \(status)",
                    after: SinkHTTPClient.retryAfter(headers)
                )
                return Array(repeating: retry, count: count)
            case 401, 403:
                throw ShipperError(
                    code: .sinkRefused,
                    message: "Elasticsearch refused the credentials (HTTP \(status)): check the API key or the "
                        + "user and password, and the user's privileges on the index. \(text)"
                )
            case 404:
                throw ShipperError(
                    code: .sinkRefused,
                    message: "Elasticsearch answered 404 for \(bulkURL): check the URL. \(text)"
                )
            case 413:
                throw ShipperError(
                    code: .invalidConfiguration,
                    message: "Elasticsearch refused a batch as too large (HTTP 413): lower the batch byte limit "
                        + "below its http.max_content_length."
                )
            default:
                throw ShipperError(
                    code: .sinkRefused,
                    message: "Elasticsearch answered HTTP \(status) to a whole _bulk request, which resending "
                        + "will not change. \(text)"
                )
            }
            guard case .object(let object)? = try? JSONValue(parsing: body),
                case .array(let items)? = object["items"], items.count == count
            else {
                return Array(
                    repeating: .retry(reason: "the _bulk answer does not list one item per entry", after: nil),
                    count: count
                )
            }
            return items.map(Self.outcome(of:))
        }
    }

    /// One item of a `_bulk` answer: `{"create":{"status":201,…}}` or with `"error":{"type":…,"reason":…}`.
    static func outcome(of item: JSONValue) -> DeliveryOutcome {
        guard case .object(let members) = item, let result = members.values.first,
            case .integer(let status)? = result["status"]
        else {
            return .retry(reason: "an item of the _bulk answer has no status", after: nil)
        }
        let error = result["error"]
        let reason = [error?["type"]?.stringValue, error?["reason"]?.stringValue].compactMap { $0 }
            .joined(separator: ": ")
        switch status {
        case 200...299, 409:
            return .delivered
        case 429, 500...599:
            return .retry(reason: "item \(status) \(reason)", after: nil)
        default:
            return .rejected(reason: "Elasticsearch refused the entry (\(status)) \(reason)")
        }
    }

    package func shutdown() async {
        await http.shutdown()
    }
}

/// An index name with `%Y`, `%m`, `%d` from the entry's date (UTC), checked against Elasticsearch's rules.
struct IndexPattern: Sendable, Hashable {
    private enum Part: Hashable {
        case text(String)
        case year, month, day
    }
    private let parts: [Part]

    init(_ pattern: String) throws(ShipperError) {
        func invalid(_ why: String) -> ShipperError {
            ShipperError(code: .invalidConfiguration, message: "The index name \"\(pattern)\" is not usable: \(why).")
        }
        var parts: [Part] = []
        var text = ""
        var iterator = pattern.makeIterator()
        while let character = iterator.next() {
            guard character == "%" else {
                text.append(character)
                continue
            }
            switch iterator.next() {
            case "Y":
                parts.append(.text(text))
                text = ""
                parts.append(.year)
            case "m":
                parts.append(.text(text))
                text = ""
                parts.append(.month)
            case "d":
                parts.append(.text(text))
                text = ""
                parts.append(.day)
            case "%": text.append("%")
            default: throw invalid("only %Y, %m, %d and %% may follow a %")
            }
        }
        parts.append(.text(text))
        let literal = parts.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
        guard !pattern.isEmpty, pattern.utf8.count <= 200 else { throw invalid("it must have 1 to 200 bytes") }
        guard literal == literal.lowercased() else { throw invalid("index names are lowercase") }
        let forbidden: Set<Character> = ["\\", "/", "*", "?", "\"", "<", ">", "|", " ", ",", "#", ":"]
        guard !literal.contains(where: { forbidden.contains($0) || $0.isNewline }) else {
            throw invalid(#"it must not hold \ / * ? " < > | , # : or spaces"#)
        }
        guard let first = pattern.first, !["-", "_", "+", "."].contains(first) else {
            throw invalid("it must not start with -, _, + or .")
        }
        self.parts = parts.filter { $0 != .text("") }
    }

    func name(for entry: ShipmentEntry, now: Int64) -> String {
        let date = entry.utcDate(now: now)
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(width - text.count, 0)) + text
        }
        return parts.map { part in
            switch part {
            case .text(let text): text
            case .year: padded(date.year, 4)
            case .month: padded(date.month, 2)
            case .day: padded(date.day, 2)
            }
        }.joined()
    }
}
