import Foundation
import SlackAuditLogs
import Synchronization

/// What the request handler knows about the simulated data: lookups by ID and a renderer.
struct SimulatorData: Sendable {
    /// Every index of each action name: a few names are listed under two categories.
    var actionIndices: [String: [UInt16]]
    var userIndex: [String: UInt32]
    var entityIndex: [String: EntityReference]
    var render: @Sendable (SimulatedEvent, inout [UInt8]) -> Void
    var actionsCapture: [UInt8]
    var schemasCapture: [UInt8]
}

/// Settings fixed when the simulator starts.
struct SimulatorSettings: Sendable {
    var basePath: String
    var defaultLimit: Int
    var cursorLifetime: Duration?
    var retryAfterStyle: RetryAfterStyle
    var cursorSecret: UInt64
    /// Slack has no data before March 2018: an earlier `oldest` is `invalid_range`.
    static let firstDataDate: Int64 = 1_519_862_400
}

/// Mutable state: scenario, scripted and random faults, rate limit, clock offset, records.
struct SimulatorState: Sendable {
    var scenario: SimulatorScenario
    /// The bearer tokens `/logs` accepts now (a test revokes or rotates them).
    var validTokens: Set<String>
    var faults: SimulatorFaults
    var script: [SimulatorFault] = []
    var random: SimulationRandom
    var bucket: TokenBucket
    var rateLimit: SimulatorRateLimit
    var clockOffset: Int64 = 0
    var counters = SimulatorCounters()
    var requests: RequestLog<SimulatorRequest>
}

/// Serves the Audit Logs API from the simulated data.
final class SimulatorCore: Sendable {
    let settings: SimulatorSettings
    let data: SimulatorData
    let store: EventStore
    let state: Mutex<SimulatorState>

    init(settings: SimulatorSettings, data: SimulatorData, store: EventStore, state: SimulatorState) {
        self.settings = settings
        self.data = data
        self.store = store
        self.state = Mutex(state)
    }

    /// The simulator's current time, in seconds since 1970 (the wall clock plus any offset set by tests).
    func now() -> Int64 {
        Int64(Date().timeIntervalSince1970) + state.withLock { $0.clockOffset }
    }

    // MARK: Handling a request

    private enum Decision {
        case rateLimited(Duration)
        case proceed(fault: SimulatorFault?, latency: Duration?, scenario: SimulatorScenario)
    }

    func handle(_ request: LoopbackHTTPRequest) async -> LoopbackHTTPResponse {
        let decision: Decision = state.withLock { state in
            state.counters.requests += 1
            if let wait = state.bucket.take(now: .now) { return .rateLimited(wait) }
            var fault: SimulatorFault?
            if !state.script.isEmpty {
                fault = state.script.removeFirst()
            } else {
                for rule in state.faults.rules where Double.random(in: 0..<1, using: &state.random) < rule.probability {
                    fault = rule.fault
                    break
                }
            }
            var latency: Duration?
            if let range = state.faults.latency {
                let low = range.lowerBound.milliseconds
                let high = max(range.upperBound.milliseconds, low)
                latency = .milliseconds(Int64.random(in: low...high, using: &state.random))
            }
            return .proceed(fault: fault, latency: latency, scenario: state.scenario)
        }

        let (response, outcome): (LoopbackHTTPResponse, SimulatorOutcome)
        switch decision {
        case .rateLimited(let wait):
            (response, outcome) = (rateLimitedResponse(wait: wait), .rateLimited)
        case .proceed(let fault, let latency, let scenario):
            let normal = answer(request, scenario: scenario)
            var (faulted, faultOutcome) = apply(fault, to: normal.response)
            if let latency { faulted = .delayed(latency, faulted) }
            (response, outcome) = (faulted, faultOutcome ?? normal.outcome)
        }
        record(request, outcome: outcome, response: response)
        return response
    }

    private func record(_ request: LoopbackHTTPRequest, outcome: SimulatorOutcome, response: LoopbackHTTPResponse) {
        let headers = request.headers.map { header -> (name: String, value: String) in
            header.name.lowercased() == "authorization" ? (header.name, "Bearer <redacted>") : header
        }
        state.withLock { state in
            switch outcome {
            case .page(let entries, _):
                state.counters.pagesServed += 1
                state.counters.entriesServed += entries
            case .rateLimited:
                state.counters.rateLimited += 1
            case .fault(let fault):
                state.counters.faultsInjected += 1
                if fault == .rateLimited { state.counters.rateLimited += 1 }
            case .error:
                state.counters.errors += 1
            case .capture:
                break
            }
            if case .respond(let status, _, let body) = response, (200..<300).contains(status) {
                state.counters.bytesServed += body.count
            }
            do {
                state.requests.append(
                    SimulatorRequest(
                        method: request.method,
                        path: request.path,
                        query: request.query,
                        headers: headers,
                        receivedAt: request.receivedAt,
                        outcome: outcome
                    )
                )
            }
        }
    }

    /// The answer without faults.
    private func answer(
        _ request: LoopbackHTTPRequest,
        scenario: SimulatorScenario
    ) -> (response: LoopbackHTTPResponse, outcome: SimulatorOutcome) {
        var path = Substring(request.path)
        if path.hasPrefix(settings.basePath) {
            path = path.dropFirst(settings.basePath.count)
        } else {
            path = path.drop { $0 == "/" }
        }
        while path.hasSuffix("/") { path = path.dropLast() }
        guard ["logs", "schemas", "actions"].contains(path) else {
            return error(404, "bad_endpoint")
        }
        guard request.method == "GET" else { return error(405, "method_not_allowed") }
        switch path {
        case "schemas":
            return (json(200, data.schemasCapture), .capture("schemas"))
        case "actions":
            return (json(200, data.actionsCapture), .capture("actions"))
        default:
            return logs(request, scenario: scenario)
        }
    }

    private func logs(
        _ request: LoopbackHTTPRequest,
        scenario: SimulatorScenario
    ) -> (response: LoopbackHTTPResponse, outcome: SimulatorOutcome) {
        // Authentication, then the organization's situation.
        guard let authorization = request.header("authorization"), !authorization.isEmpty else {
            return error(401, "missing_authentication")
        }
        let prefix = "Bearer "
        guard authorization.hasPrefix(prefix),
            state.withLock({ $0.validTokens }).contains(String(authorization.dropFirst(prefix.count)))
        else {
            return error(401, "invalid_authentication")
        }
        if let code = scenario.errorCode { return error(403, code) }

        let parameters = QueryParameters.parse(request.query)
        let now = now()
        var filter = EventFilter()
        var limit = settings.defaultLimit
        if let text = parameters["limit"] {
            guard let value = Int(text), (1...LogsQuery.maximumLimit).contains(value) else {
                return error(400, "invalid_arguments", message: "limit must be an integer from 1 to 9999")
            }
            limit = value
        }
        for name in ["oldest", "latest"] {
            guard let text = parameters[name] else { continue }
            guard let value = Int64(text), value >= 0 else {
                return error(400, "invalid_arguments", message: "\(name) must be a unix timestamp in seconds")
            }
            if name == "oldest" { filter.oldest = value } else { filter.latest = value }
        }
        if let oldest = filter.oldest {
            guard oldest <= now, oldest >= SimulatorSettings.firstDataDate else { return error(400, "invalid_range") }
            if let latest = filter.latest, oldest > latest { return error(400, "invalid_range") }
        }
        if let text = parameters["action"], !text.isEmpty {
            let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard names.count <= LogsQuery.maximumActionCount else {
                return error(400, "invalid_arguments", message: "at most 30 actions may be given")
            }
            var indices: Set<UInt16> = []
            for name in names {
                guard let matches = data.actionIndices[name] else { return error(400, "invalid_action") }
                indices.formUnion(matches)
            }
            filter.actions = indices
        }
        if let actor = parameters["actor"], !actor.isEmpty {
            if let index = data.userIndex[actor] { filter.actor = index } else { filter.matchesNothing = true }
        }
        if let entity = parameters["entity"], !entity.isEmpty {
            if let reference = data.entityIndex[entity] {
                filter.entity = reference
            } else {
                filter.matchesNothing = true
            }
        }
        var position: (dateCreate: Int64, id: EventID)?
        if let text = parameters["cursor"], !text.isEmpty {
            guard let cursor = LogsCursor(decoding: text, secret: settings.cursorSecret) else {
                return error(400, "invalid_cursor")
            }
            if let lifetime = settings.cursorLifetime, now - cursor.issuedAt > Int64(lifetime.components.seconds) {
                return error(400, "invalid_cursor")
            }
            position = (cursor.dateCreate, cursor.id)
        }

        let page = store.page(filter: filter, from: position, limit: limit, now: now)
        var body: [UInt8] = []
        body.reserveCapacity(page.events.count * 900 + 128)
        body.append(contentsOf: #"{"entries":["#.utf8)
        for (offset, event) in page.events.enumerated() {
            if offset > 0 { body.append(UInt8(ascii: ",")) }
            data.render(event, &body)
        }
        body.append(contentsOf: #"],"response_metadata":{"next_cursor":""#.utf8)
        if let next = page.next {
            body.append(
                contentsOf: LogsCursor(dateCreate: next.dateCreate, id: next.id, issuedAt: now)
                    .encoded(secret: settings.cursorSecret).utf8
            )
        }
        body.append(contentsOf: #""}}"#.utf8)
        return (json(200, body), .page(entries: page.events.count, hasNextCursor: page.next != nil))
    }

    // MARK: Responses

    private func json(_ status: Int, _ body: [UInt8], headers: [(String, String)] = []) -> LoopbackHTTPResponse {
        .respond(status: status, headers: [("content-type", "application/json; charset=utf-8")] + headers, body: body)
    }

    private func error(
        _ status: Int,
        _ code: String,
        message: String? = nil
    ) -> (response: LoopbackHTTPResponse, outcome: SimulatorOutcome) {
        let extra: JSONObject = message.map { ["response_metadata": ["messages": [.string("[ERROR] \($0)")]]] } ?? [:]
        return (json(status, SlackEnvelope.errorBody(code, extra: extra)), .error(status: status, code: code))
    }

    private func rateLimitedResponse(wait: Duration) -> LoopbackHTTPResponse {
        let seconds = max(Int64(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0), 1)
        var headers: [(String, String)] = []
        switch settings.retryAfterStyle.storage {
        case .seconds:
            headers.append(("Retry-After", String(seconds)))
        case .httpDate:
            headers.append(("Retry-After", HTTPDateFormatter.format(Int64(Date().timeIntervalSince1970) + seconds)))
        case .missing:
            break
        }
        return json(429, SlackEnvelope.errorBody("ratelimited"), headers: headers)
    }

    /// The response after a fault, and the outcome to record; the normal response when there is no fault.
    private func apply(
        _ fault: SimulatorFault?,
        to normal: LoopbackHTTPResponse
    ) -> (LoopbackHTTPResponse, SimulatorOutcome?) {
        guard let fault else { return (normal, nil) }
        let (status, headers, body): (Int, [(String, String)], [UInt8])
        if case .respond(let s, let h, let b) = normal {
            (status, headers, body) = (s, h, b)
        } else {
            (status, headers, body) = (200, [], [])
        }
        let response: LoopbackHTTPResponse
        switch fault.storage {
        case .latency(let delay):
            return (.delayed(delay, normal), nil)
        case .serverError(let code, let kind):
            switch kind {
            case .json:
                response = json(code, SlackEnvelope.errorBody("internal_error"))
            case .html:
                let page =
                    "<html><head><title>\(code) Server Error</title></head><body><h1>\(code)</h1>"
                    + "<p>The server encountered a temporary error.</p></body></html>"
                response = .respond(status: code, headers: [("content-type", "text/html")], body: Array(page.utf8))
            case .text:
                response = .respond(
                    status: code,
                    headers: [("content-type", "text/plain")],
                    body: Array("upstream error".utf8)
                )
            }
        case .closeBeforeResponse:
            response = .closeWithoutResponse
        case .resetMidBody:
            response = .resetMidBody(
                status: status,
                headers: headers,
                bodyPrefix: Array(body.prefix(body.count / 2)),
                declaredLength: body.count
            )
        case .truncatedBody:
            response = .truncated(status: status, headers: headers, body: body, sentBytes: body.count / 2)
        case .stallMidBody:
            response = .stallMidBody(
                status: status,
                headers: headers,
                bodyPrefix: Array(body.prefix(body.count / 2)),
                declaredLength: body.count
            )
        case .nonJSON:
            let page = "<!DOCTYPE html><html><body>Slack is down for maintenance.</body></html>"
            response = .respond(status: 200, headers: [("content-type", "text/html")], body: Array(page.utf8))
        case .rateLimited:
            response = rateLimitedResponse(wait: .seconds(1))
        case .apiError(let code, let name):
            response = error(code, name).response
        }
        return (response, .fault(fault))
    }
}

/// Formats HTTP-dates (`Sun, 06 Nov 1994 08:49:37 GMT`) without locale surprises.
enum HTTPDateFormatter {
    static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(day)) \(months[Int(month - 1)]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }
}
