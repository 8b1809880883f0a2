import Delivery
import Testing

@Suite("Delivery outcomes")
struct DeliveryOutcomeTests {
    @Test(
        "HTTP statuses classify as delivered, retryable or final",
        arguments: [
            (200, "delivered"), (204, "delivered"), (400, "final"), (401, "final"), (404, "final"), (408, "retry"),
            (429, "retry"), (500, "retry"), (503, "retry"), (410, "final"),
        ])
    func statuses(_ status: Int, _ expected: String) {
        let outcome = DeliveryOutcome.forHTTPStatus(status, body: "", retryAfter: nil)
        switch outcome {
        case .delivered: #expect(expected == "delivered")
        case .retry: #expect(expected == "retry")
        case .final: #expect(expected == "final")
        }
    }

    @Test("a long error body is cut in the reason")
    func longBody() {
        let outcome = DeliveryOutcome.forHTTPStatus(400, body: String(repeating: "x", count: 5000), retryAfter: nil)
        guard case .final(let reason) = outcome else {
            Issue.record("expected final")
            return
        }
        #expect(reason.count < 320)
        #expect(reason.hasPrefix("HTTP 400: xxx"))
    }
}
