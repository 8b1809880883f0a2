import Synchronization

/// Counters of one hub client over its whole life, across reconnects: for the status page, metrics and tests.
public final class HubClientStatistics: Sendable {
    private let bytes = Atomic<Int>(0)
    private let messages = Atomic<Int>(0)
    private let malformedMessages = Atomic<Int>(0)
    private let unexpectedMessages = Atomic<Int>(0)
    private let undecodableItems = Atomic<Int>(0)
    private let connections = Atomic<Int>(0)
    private let reconnectAttempts = Atomic<Int>(0)

    public init() {}

    /// Bytes received over every transport.
    public var bytesReceived: Int { bytes.load(ordering: .relaxed) }
    /// Hub messages received and understood (pings included).
    public var messagesReceived: Int { messages.load(ordering: .relaxed) }
    /// Records that were not a valid hub message: skipped.
    public var malformed: Int { malformedMessages.load(ordering: .relaxed) }
    /// Valid messages a client does not expect (a stream invocation from the server, stateful-reconnect acks).
    public var unexpected: Int { unexpectedMessages.load(ordering: .relaxed) }
    /// Stream items or event arguments whose payload could not be decoded into its type: skipped.
    public var undecodable: Int { undecodableItems.load(ordering: .relaxed) }
    /// Connections that completed their handshake.
    public var connectionsOpened: Int { connections.load(ordering: .relaxed) }
    /// Reconnect attempts after a lost connection.
    public var reconnects: Int { reconnectAttempts.load(ordering: .relaxed) }

    func countReceived(bytes count: Int) { bytes.add(count, ordering: .relaxed) }
    func countMessage() { messages.add(1, ordering: .relaxed) }
    func countMalformed() { malformedMessages.add(1, ordering: .relaxed) }
    func countUnexpected() { unexpectedMessages.add(1, ordering: .relaxed) }
    func countUndecodable() { undecodableItems.add(1, ordering: .relaxed) }
    func countConnection() { connections.add(1, ordering: .relaxed) }
    func countReconnect() { reconnectAttempts.add(1, ordering: .relaxed) }
}
