// A process for the crash test of the outbox (DeliveryTests): records a burst of notifications in a store and
// delivers them to a JSON webhook, so the test can SIGKILL it mid-burst and start it again on the same store.
//
//   DeliveryCrashHarness STORE WEBHOOK_URL COUNT
//
// Every run records the same COUNT notifications (same ids, as an engine re-deriving them after a restart would)
// and then delivers until nothing is pending, printing "recorded N new" and "drained".
import AlertModel
import AlertStore
import Delivery
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: DeliveryCrashHarness STORE WEBHOOK_URL COUNT\n".utf8))
    exit(2)
}
let store = try AlertStore(path: arguments[1])
let notifications = (1...count).map { index in
    AlertNotification(
        id: "margin_call{login=\(100_000 + index)}@MT4-Demo/1767571200000/1/0",
        key: AlertKey(
            rule: "margin_call", platform: "MT4-Demo", labels: [.init(name: "login", value: "\(100_000 + index)")]),
        reason: .firing, severity: .critical, time: Timestamp(milliseconds: 1_767_571_200_000),
        action: .webhook(receiver: "ops", text: "Margin call \(100_000 + index)"), labels: [], shadow: false,
        evidence: nil)
}
let result = try store.record(transitions: [], notifications: notifications)
print("recorded \(result.queued.count) new")
let channel = try WebhookChannel(
    receiver: WebhookReceiver(
        name: "ops", kind: .json, url: .literal(arguments[2]), maxConcurrency: 8, grouping: GroupingPolicy.none))
// The lease outlasts a send (the receiver answers in milliseconds, the channel's timeout is 10 s), so a slow send
// is never claimed twice by the same run; a restarted run takes over what the killed one held once it runs out.
let worker = DeliveryWorker(
    store: store, routes: ["webhook:ops": channel.route],
    backoff: BackoffPolicy(initialDelay: .milliseconds(50), maxDelay: .milliseconds(200)), lease: .seconds(15))
try await worker.drain(limit: .seconds(120))
print("drained")
