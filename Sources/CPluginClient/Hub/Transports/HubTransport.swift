import NIOCore

/// Carries a connection's bytes both ways. The hub protocol above it does not care which transport is in use: it
/// gets chunks of bytes (which may cut messages anywhere) and hands over whole encoded messages to send.
protocol HubTransport: Sendable {
    var kind: HubTransportKind { get }

    /// Connects to `url` (the hub URL with the negotiated `id`), calls `opened` once messages can flow, hands every
    /// received chunk to `receive`, and sends what `outbound` yields, until the server ends the connection
    /// (returns) or the transport fails (throws). Cancelling the calling task closes the transport. Errors thrown
    /// by `receive` end the transport with that error.
    func run(
        url: String, accessToken: String, outbound: AsyncStream<[UInt8]>, opened: @escaping @Sendable () -> Void,
        receive: @escaping @Sendable (ByteBuffer) throws -> Void
    ) async throws
}
