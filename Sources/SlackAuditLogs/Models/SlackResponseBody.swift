/// A response body that may carry Slack's error fields, so one decode serves both success and failure.
protocol SlackResponseBody: Decodable, Sendable {
    var ok: Bool? { get }
    var error: String? { get }
    var needed: String? { get }
    var provided: String? { get }
    var warning: String? { get }
}

extension SlackResponseBody {
    var envelope: SlackErrorEnvelope {
        SlackErrorEnvelope(ok: ok, error: error, needed: needed, provided: provided, warning: warning)
    }
}
