import Testing

@testable import SlackAuditLogsShipper

@Suite("Delivery outcomes")
struct DeliveryOutcomeTests {
    @Test("a retry keeps the sink's Retry-After")
    func retryAfter() {
        let outcome = DeliveryOutcome.retry(reason: "busy", after: .seconds(3))
        #expect(outcome != .delivered)
        #expect(outcome == .retry(reason: "busy", after: .seconds(3)))
    }
}
