import Testing

@testable import CPluginSimulator

@Suite("Fault plans")
struct FaultPlanTests {
    @Test("every documented item parses")
    func parsesEverything() throws {
        let plan = try FaultPlan.parse(
            "drop-every=5s,drop-after=1000,delay=50ms,rest-5xx=10%,rest-timeout=5%,token-ttl=20s,refuse-negotiate=3,"
                + "refuse-websockets,stall-after=10s,rest-timeout-wait=1m30s")
        #expect(
            plan
                == FaultPlan(
                    dropEvery: 5, dropAfterMessages: 1000, messageDelay: 0.05, rest5xxRate: 0.1, restTimeoutRate: 0.05,
                    restTimeoutSeconds: 90, tokenLifetime: 20, refuseNegotiate: 3, refuseWebSockets: true,
                    stallAfter: 10))
    }

    @Test(
        "shorthands and spacing",
        arguments: [
            ("", FaultPlan.none), ("none", .none), (" refuse-negotiate = all ", FaultPlan(refuseNegotiate: -1)),
            ("refuse-negotiate", FaultPlan(refuseNegotiate: -1)), ("rest-5xx=0.25", FaultPlan(rest5xxRate: 0.25)),
            ("refuse-websockets=false", FaultPlan(refuseWebSockets: false)),
            ("drop-every=1m30s, delay=1s", FaultPlan(dropEvery: 90, messageDelay: 1)),
        ])
    func shorthands(text: String, expected: FaultPlan) throws {
        #expect(try FaultPlan.parse(text) == expected)
    }

    @Test(
        "bad items are named and the valid ones listed",
        arguments: [
            ("drop-every=5x", "drop-every=5x", "'5x' is not a positive duration"),
            ("delay", "delay", "'delay' needs a value, as in delay=DURATION"),
            ("rest-5xx=150%", "rest-5xx=150%", "not a share from 0% to 100%"),
            ("drop-after=-1", "drop-after=-1", "not a positive whole number"),
            ("refuse-negotiate=some", "refuse-negotiate=some", "not a positive whole number"),
            ("refuse-websockets=maybe", "refuse-websockets=maybe", "takes no value"),
            ("drp-every=5s", "drp-every=5s", "unknown fault 'drp-every'; did you mean 'drop-every'?"),
            ("explode=1", "explode=1", "unknown fault 'explode'"),
            ("delay=1s,delay=2s", "delay=2s", "'delay' is given twice"),
            ("delay=1s,,token-ttl=5s", "", "empty item"),
        ])
    func errors(text: String, item: String, message: String) {
        do {
            _ = try FaultPlan.parse(text)
            Issue.record("parsed without an error: \(text)")
        } catch {
            #expect(error.item == item)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.description.hasPrefix("bad fault '\(item)': "))
            #expect(error.description.contains("valid faults: drop-every=DURATION, drop-after=MESSAGES"))
        }
    }
}
