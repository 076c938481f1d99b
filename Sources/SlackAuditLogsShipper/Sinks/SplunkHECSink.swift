import CompressNIO
import Foundation
import NIOCore
import NIOHTTP1
import SlackAuditLogs

/// Splunk's HTTP Event Collector: `POST /services/collector/event`, one envelope per entry (`event` = the entry,
/// `time` = its `date_create`, `index`, `source`, `sourcetype`, `host`), concatenated in one gzip body.
///
/// With indexer acknowledgement on, every request carries the sink's channel (`X-Splunk-Request-Channel`) and a
/// batch counts as delivered only once `/services/collector/ack` says its `ackId` is indexed. HEC has no
/// idempotency key, so delivery is **at least once**: a batch whose answer or acknowledgement was lost (a break, a
/// kill, an ack that never came within ``Configuration/acknowledgementTimeout``) is sent again and may be indexed
/// twice; duplicates are bounded by the batch in flight. `code` 8 and 9, 429, 5xx and no answer are retried; 400
/// with `invalid-event-number` dead-letters that entry and sends the others again; codes that mean the token, index
/// or channel settings are wrong stop the shipper.
package final class SplunkHECSink: DeliverySink {
    /// Where and how to send.
    package struct Configuration: Sendable {
        /// The collector's base URL, such as `https://splunk.example.com:8088`.
        package var url: String
        /// The HEC token (from a file or the environment; never logged).
        package var token: String
        package var index: String?
        package var source: String?
        package var sourcetype: String = "slack:audit"
        package var host: String?
        /// Send bodies with `Content-Encoding: gzip`.
        package var gzip = true
        /// Wait for indexer acknowledgement before counting a batch delivered.
        package var acknowledgement = false
        /// How long to wait for an acknowledgement before sending the batch again.
        package var acknowledgementTimeout: Duration = .seconds(120)
        /// How often to ask for acknowledgements.
        package var acknowledgementPollInterval: Duration = .seconds(1)
        package var tls: AuditLogsClient.Configuration.TLS = .systemDefault
        /// The deadline of one request.
        package var timeout: Duration = .seconds(60)

        package init(url: String, token: String) {
            self.url = url
            self.token = token
        }
    }

    package let name = "splunk"
    package let guarantee = DeliveryGuarantee.atLeastOnce
    private let configuration: Configuration
    private let http: SinkHTTPClient
    private let base: String
    /// This sink's channel: a GUID, the same for every request and acknowledgement query.
    package let channel = UUID().uuidString.lowercased()

    package init(configuration: Configuration) throws(ShipperError) {
        guard !configuration.token.isEmpty else {
            throw ShipperError(code: .invalidConfiguration, message: "No HEC token was given.")
        }
        guard configuration.acknowledgementTimeout > .zero, configuration.acknowledgementPollInterval > .zero else {
            throw ShipperError(
                code: .invalidConfiguration,
                message: "The acknowledgement timeout and poll interval must be positive."
            )
        }
        self.configuration = configuration
        self.base = configuration.url.hasSuffix("/") ? String(configuration.url.dropLast()) : configuration.url
        self.http = try SinkHTTPClient(
            tls: configuration.tls,
            timeout: configuration.timeout,
            secrets: [configuration.token],
            url: configuration.url,
            what: "HEC",
            example: "https://splunk:8088"
        )
    }

    /// The body: one envelope per entry, concatenated (no array, no commas), as HEC batches are.
    func body(for batch: [ShipmentEntry]) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(batch.reduce(0) { $0 + $1.bytes.count + 128 })
        for entry in batch {
            body.append(contentsOf: "{".utf8)
            if let time = entry.dateCreate { body.append(contentsOf: #""time":\#(time),"#.utf8) }
            for (key, value) in [
                ("host", configuration.host), ("source", configuration.source),
                ("sourcetype", configuration.sourcetype), ("index", configuration.index),
            ] {
                guard let value else { continue }
                JSONValue.string(key).write(into: &body)
                body.append(UInt8(ascii: ":"))
                JSONValue.string(value).write(into: &body)
                body.append(UInt8(ascii: ","))
            }
            body.append(contentsOf: #""event":"#.utf8)
            body.append(contentsOf: entry.bytes)
            body.append(contentsOf: "}".utf8)
        }
        return body
    }

    private var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Splunk \(configuration.token)")
        headers.add(name: "X-Splunk-Request-Channel", value: channel)
        headers.add(name: "Content-Type", value: "application/json")
        return headers
    }

    package func deliver(_ batch: [ShipmentEntry]) async throws(ShipperError) -> [DeliveryOutcome] {
        guard !batch.isEmpty else { return [] }
        var payload = body(for: batch)
        var headers = self.headers
        if configuration.gzip {
            var buffer = ByteBuffer(bytes: payload)
            if let compressed = try? buffer.compress(with: .gzip()) {
                payload = Array(compressed.readableBytesView)
                headers.add(name: "Content-Encoding", value: "gzip")
            }
        }
        let reply = await http.send(
            method: .POST,
            url: base + "/services/collector/event",
            headers: headers,
            body: payload
        )
        switch reply {
        case .transportFailure(let why):
            return Self.all(batch.count, .retry(reason: "no answer from HEC: \(why)", after: nil))
        case .response(let status, let responseHeaders, let body):
            let answer = HECAnswer(body)
            switch (status, answer.code) {
            case (200, 0?), (200, nil):
                guard configuration.acknowledgement else { return Self.all(batch.count, .delivered) }
                guard let ackID = answer.ackID else {
                    throw ShipperError(
                        code: .sinkRefused,
                        message: "HEC answered without an ackId while acknowledgement is on: enable indexer "
                            + "acknowledgement on the token, or turn it off here."
                    )
                }
                return Self.all(batch.count, await acknowledged(ackID))
            case (_, 8?), (_, 9?), (429, _), (500...599, _):
                return Self.all(
                    batch.count,
                    .retry(
                        reason: "HEC answered \(status) \(answer.text)",
                        after: SinkHTTPClient.retryAfter(responseHeaders)
                    )
                )
            case (400, 6?):
                // Events before the bad one may or may not be indexed: sending them again is at least once.
                let bad = answer.invalidEventNumber ?? -1
                return batch.indices.map { index in
                    index == bad
                        ? .rejected(reason: "HEC refused the event: \(answer.text) (code 6)")
                        : .retry(reason: "HEC refused another event of the batch", after: nil)
                }
            case (400, 5?), (400, 12?), (400, 13?):
                return Self.all(batch.count, .rejected(reason: "HEC refused the batch: \(answer.text)"))
            default:
                throw ShipperError(
                    code: .sinkRefused,
                    message: "HEC answered HTTP \(status), code \(answer.code.map(String.init) ?? "-"): "
                        + "\(http.scrub(answer.text)). \(Self.hint(for: answer.code))"
                )
            }
        }
    }

    /// Polls `/services/collector/ack` until `ackID` is indexed, or gives the batch back to be sent again.
    private func acknowledged(_ ackID: Int64) async -> DeliveryOutcome {
        let deadline = ContinuousClock.now + configuration.acknowledgementTimeout
        let query = Array(#"{"acks":[\#(ackID)]}"#.utf8)
        // Ask soon, then less and less often up to the poll interval: a quick indexer costs one short wait, not a
        // whole interval per batch, and a slow one is not asked many times a second.
        var wait = min(.milliseconds(20), configuration.acknowledgementPollInterval)
        while ContinuousClock.now < deadline {
            do {
                try await Task.sleep(for: wait)
                wait = min(wait * 2, configuration.acknowledgementPollInterval)
            } catch {
                return .retry(reason: "cancelled while waiting for HEC's acknowledgement", after: nil)
            }
            let reply = await http.send(
                method: .POST,
                url: base + "/services/collector/ack",
                headers: headers,
                body: query
            )
            guard case .response(200, _, let body) = reply,
                case .object(let object)? = try? JSONValue(parsing: body),
                case .object(let acks)? = object["acks"]
            else { continue }
            if acks[JSONKey(String(ackID))]?.boolValue == true { return .delivered }
        }
        return .retry(reason: "HEC did not acknowledge ackId \(ackID) within the acknowledgement timeout", after: nil)
    }

    private static func all(_ count: Int, _ outcome: DeliveryOutcome) -> [DeliveryOutcome] {
        Array(repeating: outcome, count: count)
    }

    private static func hint(for code: Int64?) -> String {
        switch code {
        case 1?, 2?, 3?, 4?: "Check the HEC token and that it is enabled."
        case 7?: "The token may not write to this index: check --index and the token's allowed indexes."
        case 10?, 11?: "The token wants indexer acknowledgement: turn it on here (--ack)."
        case 14?: "Acknowledgement is off on the token: turn --ack off."
        default: "Check the HEC URL and the token's settings."
        }
    }

    package func shutdown() async {
        await http.shutdown()
    }
}

/// HEC's answer body: `{"text":"…","code":N}`, with `ackId` on success and `invalid-event-number` on code 6.
struct HECAnswer: Sendable {
    var code: Int64?
    var text: String
    var ackID: Int64?
    var invalidEventNumber: Int?

    init(_ body: [UInt8]) {
        let object = (try? JSONValue(parsing: body))?.objectValue ?? [:]
        code = object["code"]?.intValue
        text = object["text"]?.stringValue ?? String(decoding: body.prefix(200), as: UTF8.self)
        ackID = object["ackId"]?.intValue
        invalidEventNumber = object["invalid-event-number"]?.intValue.flatMap { Int(exactly: $0) }
    }
}
