/// One message of the SignalR JSON hub protocol (`HubProtocol.md`), in either direction. Arguments, items and
/// results stay raw JSON here: the protocol layer does not know payload types, and whoever awaits a value decodes it
/// straight from these bytes into its own type.
public enum HubMessage: Sendable, Equatable {
    /// Type 1. Without an invocation id it expects no answer (server events such as `OnTick` arrive this way).
    case invocation(invocationID: String?, target: String, arguments: [RawJSON], streamIDs: [String])
    /// Type 2: one item of a server-to-client stream.
    case streamItem(invocationID: String, item: RawJSON)
    /// Type 3: the end of an invocation or stream, with a result, an error, or neither (a stream's normal end).
    case completion(invocationID: String, result: RawJSON?, error: String?)
    /// Type 4: asks the other side to start a stream.
    case streamInvocation(invocationID: String, target: String, arguments: [RawJSON], streamIDs: [String])
    /// Type 5: stops a stream the other side is sending.
    case cancelInvocation(invocationID: String)
    /// Type 6: keep-alive.
    case ping
    /// Type 7: the sender is closing the connection; `allowReconnect` says whether coming back makes sense.
    case close(error: String?, allowReconnect: Bool)
    /// A type this client does not implement (8 Ack and 9 Sequence of stateful reconnect, or anything newer). The
    /// spec says to ignore such messages.
    case other(type: Int)
}
