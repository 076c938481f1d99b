import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator
import Synchronization

/// A FAKE Elasticsearch `_bulk` endpoint, written from the public Bulk API documentation (no real Elasticsearch can
/// run here): NDJSON action/source pairs, `create` with `_id` (409 `version_conflict_engine_exception` when the id
/// exists), HTTP 200 with `errors` and one item per action in order, a final newline required (400
/// `illegal_argument_exception` without it), `Authorization` checked when a key is set.
///
/// Faults, scripted per request: a whole-request status (503, 429 with `Retry-After`), a connection reset, items
/// answered 429 (`es_rejected_execution_exception`) at random, and a mapping error (400 `mapper_parsing_exception`)
/// for any document holding the marker `"mapping_error_marker"`.
public final class FakeElasticsearch: Sendable, ShutsDown {
    public enum Fault: Sendable {
        case status(Int, retryAfter: String?)
        case reset
        /// Never answers: the client's deadline must end the request.
        case stall
        /// Every item whose position is in the set gets 429.
        case rejectItems(Set<Int>)
    }

    struct State {
        var documents: [String: [String: String]] = [:]  // index -> id -> source
        var requests = 0
        var createsReceived = 0
        var faults: [Fault] = []
        var randomItemRejection = 0.0
        var latency: Duration = .zero
        var random = SystemRandomNumberGenerator()
    }

    let server: LoopbackHTTPServer
    let state: Mutex<State>
    let apiKey: String?

    private init(server: LoopbackHTTPServer, apiKey: String?) {
        self.server = server
        self.state = Mutex(State())
        self.apiKey = apiKey
    }

    public var url: String { "http://127.0.0.1:\(server.port)" }

    /// Every stored id, across indices.
    public var storedIDs: [String] { state.withLock { $0.documents.values.flatMap(\.keys) } }
    public var indices: [String: Int] { state.withLock { $0.documents.mapValues(\.count) } }
    public var createsReceived: Int { state.withLock { $0.createsReceived } }

    public func script(_ faults: Fault...) { state.withLock { $0.faults.append(contentsOf: faults) } }
    public func setRandomItemRejection(_ probability: Double) {
        state.withLock { $0.randomItemRejection = probability }
    }
    public func setLatency(_ latency: Duration) { state.withLock { $0.latency = latency } }

    public static func start(apiKey: String? = nil) async throws -> FakeElasticsearch {
        let box = Mutex<FakeElasticsearch?>(nil)
        let server = try await LoopbackHTTPServer.start(requestLogLimit: 0) { request in
            guard let fake = box.withLock({ $0 }) else { return .closeWithoutResponse }
            let latency = fake.state.withLock { $0.latency }
            let response = fake.answer(request)
            return latency > .zero ? .delayed(latency, response) : response
        }
        let fake = FakeElasticsearch(server: server, apiKey: apiKey)
        box.withLock { $0 = fake }
        return fake
    }

    public func shutdown() async throws { try await server.shutdown() }

    private func answer(_ request: LoopbackHTTPRequest) -> LoopbackHTTPResponse {
        guard request.method == "POST", request.path == "/_bulk" else {
            return .json(status: 404, #"{"error":{"type":"no_handler_found"},"status":404}"#)
        }
        if let apiKey, request.header("authorization") != "ApiKey \(apiKey)" {
            return .json(
                status: 401,
                #"{"error":{"type":"security_exception","reason":"unable to authenticate"},"status":401}"#
            )
        }
        let fault: Fault? = state.withLock { state in
            state.requests += 1
            return state.faults.isEmpty ? nil : state.faults.removeFirst()
        }
        switch fault {
        case .status(let status, let retryAfter)?:
            return .json(
                status: status,
                #"{"error":{"type":"es_rejected_execution_exception"},"status":\#(status)}"#,
                headers: retryAfter.map { [("Retry-After", $0)] } ?? []
            )
        case .reset?:
            return .resetMidBody(status: 200, bodyPrefix: Array(#"{"took":1,"#.utf8), declaredLength: 1000)
        case .stall?:
            return .stall
        default:
            break
        }
        let rejected: Set<Int>
        if case .rejectItems(let items)? = fault { rejected = items } else { rejected = [] }
        guard request.body.last == UInt8(ascii: "\n") else {
            return .json(
                status: 400,
                #"{"error":{"type":"illegal_argument_exception","reason":"The bulk request must be terminated by a newline [\n]"},"status":400}"#
            )
        }
        let lines = request.body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        guard lines.count % 2 == 0 else {
            return .json(
                status: 400,
                #"{"error":{"type":"illegal_argument_exception","reason":"odd lines"},"status":400}"#
            )
        }
        var items: [String] = []
        var hasErrors = false
        for pair in 0..<(lines.count / 2) {
            let action = try? JSONValue(parsing: Array(lines[pair * 2]))
            let source = String(decoding: lines[pair * 2 + 1], as: UTF8.self)
            guard let index = action?["create"]?["_index"]?.stringValue,
                let id = action?["create"]?["_id"]?.stringValue,
                (try? JSONValue(parsing: source)) != nil
            else {
                hasErrors = true
                items.append(#"{"create":{"status":400,"error":{"type":"parse_exception","reason":"bad action"}}}"#)
                continue
            }
            let randomReject = state.withLock { state in
                state.randomItemRejection > 0
                    && Double.random(in: 0..<1, using: &state.random) < state.randomItemRejection
            }
            if rejected.contains(pair) || randomReject {
                hasErrors = true
                items.append(
                    #"{"create":{"_index":"\#(index)","_id":"\#(id)","status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}}"#
                )
                continue
            }
            if source.contains("mapping_error_marker") {
                hasErrors = true
                items.append(
                    #"{"create":{"_index":"\#(index)","_id":"\#(id)","status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse field [details]"}}}"#
                )
                continue
            }
            let created: Bool = state.withLock { state in
                state.createsReceived += 1
                if state.documents[index]?[id] != nil { return false }
                state.documents[index, default: [:]][id] = source
                return true
            }
            if created {
                items.append(
                    #"{"create":{"_index":"\#(index)","_id":"\#(id)","_version":1,"result":"created","status":201}}"#
                )
            } else {
                hasErrors = true
                items.append(
                    #"{"create":{"_index":"\#(index)","_id":"\#(id)","status":409,"error":{"type":"version_conflict_engine_exception","reason":"document already exists"}}}"#
                )
            }
        }
        return .json(status: 200, #"{"took":3,"errors":\#(hasErrors),"items":[\#(items.joined(separator: ","))]}"#)
    }
}
