import CompressNIO
import Foundation
import NIOCore
import SlackAuditLogs
import SlackAuditLogsTestSupport
import Synchronization

@testable import SlackAuditLogsSimulator

/// A FAKE Splunk HTTP Event Collector, written from Splunk's public HEC documentation (no Splunk can run here):
/// `POST /services/collector/event` with `Authorization: Splunk <token>`, a body of concatenated JSON envelopes
/// (gzip when `Content-Encoding: gzip`), answers `{"text":…,"code":N}` with the documented codes (2/401 no token,
/// 4/403 invalid token, 6/400 invalid data format with a 0-based `invalid-event-number`, 10/400 data channel
/// missing when acknowledgement is on, 12/400 event field required), and, with acknowledgement on, an `ackId` per
/// request answered by `POST /services/collector/ack` (`{"acks":[…]}` → `{"acks":{"7":true}}`, string keys).
///
/// Faults, scripted per request: a status with its code (503/9, 500/8, 429 with `Retry-After`), a reset, an
/// invalid event at a position, and acknowledgements that never come.
final class FakeSplunkHEC: Sendable, ShutsDown {
    enum Fault: Sendable {
        case status(Int, code: Int, retryAfter: String?)
        case reset
        case invalidEvent(Int)
        /// The request is indexed (its events stored) but its ackId never turns true.
        case neverAcknowledge
    }

    struct State {
        var events: [String: Int] = [:]  // entry id -> times indexed
        var envelopes: [JSONValue] = []
        var faults: [Fault] = []
        var nextAckID: Int64 = 0
        var acknowledged: Set<Int64> = []
        var gzipRequests = 0
        var channels: Set<String> = []
    }

    let server: LoopbackHTTPServer
    let state = Mutex(State())
    let token: String
    let acknowledgement: Bool

    private init(server: LoopbackHTTPServer, token: String, acknowledgement: Bool) {
        self.server = server
        self.token = token
        self.acknowledgement = acknowledgement
    }

    var url: String { "http://127.0.0.1:\(server.port)" }
    var indexedIDs: [String] { state.withLock { $0.events.flatMap { Array(repeating: $0.key, count: $0.value) } } }
    var envelopes: [JSONValue] { state.withLock { $0.envelopes } }
    var gzipRequests: Int { state.withLock { $0.gzipRequests } }
    var channels: Set<String> { state.withLock { $0.channels } }

    func script(_ faults: Fault...) { state.withLock { $0.faults.append(contentsOf: faults) } }

    static func start(token: String, acknowledgement: Bool) async throws -> FakeSplunkHEC {
        let box = Mutex<FakeSplunkHEC?>(nil)
        let server = try await LoopbackHTTPServer.start(requestLogLimit: 0) { request in
            guard let fake = box.withLock({ $0 }) else { return .closeWithoutResponse }
            return fake.answer(request)
        }
        let fake = FakeSplunkHEC(server: server, token: token, acknowledgement: acknowledgement)
        box.withLock { $0 = fake }
        return fake
    }

    func shutdown() async throws { try await server.shutdown() }

    private static func reply(_ status: Int, _ code: Int, _ text: String, extra: String = "") -> LoopbackHTTPResponse {
        .json(status: status, #"{"text":"\#(text)","code":\#(code)\#(extra)}"#)
    }

    private func answer(_ request: LoopbackHTTPRequest) -> LoopbackHTTPResponse {
        guard request.method == "POST" else { return Self.reply(404, 404, "Not found") }
        guard let authorization = request.header("authorization") else {
            return Self.reply(401, 2, "Token is required")
        }
        guard authorization == "Splunk \(token)" else { return Self.reply(403, 4, "Invalid token") }
        let channel = request.header("x-splunk-request-channel")
        if acknowledgement, channel == nil { return Self.reply(400, 10, "Data channel is missing") }
        if let channel { state.withLock { _ = $0.channels.insert(channel) } }
        switch request.path {
        case "/services/collector/ack":
            guard acknowledgement else { return Self.reply(400, 14, "ACK is disabled") }
            let asked = (try? JSONValue(parsing: request.body))?["acks"]?.arrayValue?.compactMap(\.intValue) ?? []
            let acknowledged = state.withLock { $0.acknowledged }
            let members = asked.map { #""\#($0)":\#(acknowledged.contains($0))"# }.joined(separator: ",")
            return .json(status: 200, #"{"acks":{\#(members)}}"#)
        case "/services/collector/event", "/services/collector":
            break
        default:
            return Self.reply(404, 404, "Not found")
        }
        let fault: Fault? = state.withLock { $0.faults.isEmpty ? nil : $0.faults.removeFirst() }
        switch fault {
        case .status(let status, let code, let retryAfter)?:
            return .json(
                status: status,
                #"{"text":"Server is busy","code":\#(code)}"#,
                headers: retryAfter.map { [("Retry-After", $0)] } ?? []
            )
        case .reset?:
            return .resetMidBody(status: 200, bodyPrefix: Array(#"{"text":"#.utf8), declaredLength: 100)
        default:
            break
        }
        var body = request.body
        if request.header("content-encoding") == "gzip" {
            var buffer = ByteBuffer(bytes: body)
            guard let inflated = try? buffer.decompress(with: .gzip()) else {
                return Self.reply(400, 6, "Invalid data format")
            }
            body = Array(inflated.readableBytesView)
            state.withLock { $0.gzipRequests += 1 }
        }
        let documents = Self.split(body)
        var envelopes: [JSONValue] = []
        for (number, document) in documents.enumerated() {
            guard let envelope = try? JSONValue(parsing: document), envelope.objectValue != nil else {
                return Self.reply(400, 6, "Invalid data format", extra: #","invalid-event-number":\#(number)"#)
            }
            guard envelope["event"] != nil else {
                return Self.reply(400, 12, "Event field is required", extra: #","invalid-event-number":\#(number)"#)
            }
            if case .invalidEvent(let bad)? = fault, bad == number {
                return Self.reply(400, 6, "Invalid data format", extra: #","invalid-event-number":\#(number)"#)
            }
            envelopes.append(envelope)
        }
        guard !envelopes.isEmpty else { return Self.reply(400, 5, "No data") }
        let ackID: Int64 = state.withLock { state in
            for envelope in envelopes {
                state.envelopes.append(envelope)
                if let id = envelope["event"]?["id"]?.stringValue { state.events[id, default: 0] += 1 }
            }
            let ackID = state.nextAckID
            state.nextAckID += 1
            if case .neverAcknowledge? = fault {} else { state.acknowledged.insert(ackID) }
            return ackID
        }
        return acknowledgement
            ? .json(status: 200, #"{"text":"Success","code":0,"ackId":\#(ackID)}"#)
            : .json(status: 200, #"{"text":"Success","code":0}"#)
    }

    /// Splits concatenated JSON objects (`{…}{…}`), respecting strings.
    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var documents: [[UInt8]] = []
        var depth = 0
        var start: Int?
        var inString = false
        var escaped = false
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"):
                if depth == 0 { start = index }
                depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0, let first = start { documents.append(Array(bytes[first...index])) }
            default: break
            }
        }
        return documents
    }
}
