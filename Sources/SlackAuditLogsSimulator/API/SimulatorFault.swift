/// A failure the simulator can inject into a response, scripted or at random.
///
/// ```swift
/// simulator.script(.serverError(503), count: 2)          // the next two requests fail
/// configuration.faults = SimulatorFaults(seed: 7, rules: [.init(.resetMidBody, probability: 0.05)])
/// ```
public struct SimulatorFault: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case latency(Duration)
        case serverError(status: Int, body: ServerErrorBody)
        case closeBeforeResponse
        case resetMidBody
        case truncatedBody
        case stallMidBody
        case nonJSON
        case rateLimited
        case apiError(status: Int, code: String)
    }

    enum ServerErrorBody: Sendable, Hashable {
        case json
        case html
        case text
    }

    let storage: Storage

    /// Adds this delay before the normal response.
    public static func latency(_ delay: Duration) -> SimulatorFault { SimulatorFault(storage: .latency(delay)) }

    /// A 5xx answer with a JSON error body (`{"ok":false,"error":"internal_error"}`).
    public static func serverError(_ status: Int) -> SimulatorFault {
        SimulatorFault(storage: .serverError(status: status, body: .json))
    }

    /// A 5xx answer with an HTML page, as a load balancer sends.
    public static func serverErrorHTML(_ status: Int) -> SimulatorFault {
        SimulatorFault(storage: .serverError(status: status, body: .html))
    }

    /// A 5xx answer with a plain-text body.
    public static func serverErrorText(_ status: Int) -> SimulatorFault {
        SimulatorFault(storage: .serverError(status: status, body: .text))
    }

    /// The connection is closed before anything is sent.
    public static let closeBeforeResponse = SimulatorFault(storage: .closeBeforeResponse)
    /// The response starts, then the connection is reset (TCP RST) halfway through the body.
    public static let resetMidBody = SimulatorFault(storage: .resetMidBody)
    /// A correct status line and `content-length`, then only half the body and a clean close.
    public static let truncatedBody = SimulatorFault(storage: .truncatedBody)
    /// The response starts, then stops halfway through the body and never finishes.
    public static let stallMidBody = SimulatorFault(storage: .stallMidBody)
    /// A 200 whose body is an HTML page instead of JSON.
    public static let nonJSON = SimulatorFault(storage: .nonJSON)
    /// A 429, whatever the rate limit says.
    public static let rateLimited = SimulatorFault(storage: .rateLimited)

    /// A Slack error answer: `{"ok":false,"error":code}` with `status`.
    public static func apiError(_ code: String, status: Int = 400) -> SimulatorFault {
        SimulatorFault(storage: .apiError(status: status, code: code))
    }

    public var description: String {
        switch storage {
        case .latency(let delay): return "latency(\(delay))"
        case .serverError(let status, let body): return "serverError(\(status), \(body))"
        case .closeBeforeResponse: return "closeBeforeResponse"
        case .resetMidBody: return "resetMidBody"
        case .truncatedBody: return "truncatedBody"
        case .stallMidBody: return "stallMidBody"
        case .nonJSON: return "nonJSON"
        case .rateLimited: return "rateLimited"
        case .apiError(let status, let code): return "apiError(\(code), \(status))"
        }
    }
}

/// Faults injected at random, reproducibly from a seed.
public struct SimulatorFaults: Sendable, Hashable {
    /// One fault and the probability (0…1) that a request gets it.
    public struct Rule: Sendable, Hashable {
        /// The fault.
        public var fault: SimulatorFault
        /// The probability that a request gets it.
        public var probability: Double

        /// A rule.
        public init(_ fault: SimulatorFault, probability: Double) {
            self.fault = fault
            self.probability = min(max(probability, 0), 1)
        }
    }

    /// The seed of the random choices.
    public var seed: UInt64
    /// The rules, tried in order; the first that fires wins.
    public var rules: [Rule]
    /// Extra latency added to every request, drawn uniformly from this range.
    public var latency: ClosedRange<Duration>?

    /// Random faults.
    public init(seed: UInt64 = 1, rules: [Rule] = [], latency: ClosedRange<Duration>? = nil) {
        self.seed = seed
        self.rules = rules
        self.latency = latency
    }

    /// No faults.
    public static let none = SimulatorFaults()
}

/// Organization-level situations a real org can be in.
public struct SimulatorScenario: Sendable, Hashable, CustomStringConvertible {
    let errorCode: String?

    /// Everything works.
    public static let normal = SimulatorScenario(errorCode: nil)
    /// The org is not on an Enterprise plan: `feature_not_enabled`.
    public static let featureNotEnabled = SimulatorScenario(errorCode: "feature_not_enabled")
    /// The token's user is not an org owner: `user_not_authorized`.
    public static let userNotAuthorized = SimulatorScenario(errorCode: "user_not_authorized")
    /// The app is not installed at the org level: `team_not_authorized`.
    public static let teamNotAuthorized = SimulatorScenario(errorCode: "team_not_authorized")

    public var description: String { errorCode ?? "normal" }
}
