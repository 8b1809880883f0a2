import Hummingbird

extension HubServer {
    /// `POST {hub}/negotiate`. Version 1 (`?negotiateVersion=1`) answers a `connectionId` and a separate
    /// `connectionToken` for the transports' `id`; without the parameter the version is 0 and the `connectionId`
    /// is the `id`, which is what `pysignalr` and `signalrcore` expect. Transfer formats list `Text` first:
    /// `signalrcore` picks its hub protocol from the first format of the transport it uses.
    func negotiate(_ request: Request, hub: HubKind) async -> Response {
        let faults = environment.faults()
        if registry.refusesNegotiate(faults.refuseNegotiate) {
            return Self.text(.serviceUnavailable, "Service Unavailable")
        }
        if let denied = await unauthorized(request) { return denied }
        let platform: SimulatedPlatform?
        switch self.platform(for: request, hub: hub) {
        case .success(let bound): platform = bound
        case .failure(let rejection): return rejection.response
        }
        var version = 0
        if let raw = request.uri.queryParameters["negotiateVersion"] {
            guard let requested = Int(raw) else {
                return Self.negotiateError("The client requested an invalid protocol version '\(raw)'")
            }
            guard requested >= 0 else {
                return Self.negotiateError(
                    "The client requested version '\(requested)', but the server does not support this version.")
            }
            version = min(requested, 1)
        }
        registry.sweep(olderThan: options.disconnectTimeout)
        let connection = makeConnection(hub: hub, platform: platform, negotiateVersion: version)

        var body = ByteBuffer(string: "{\"negotiateVersion\":\(version),\"connectionId\":")
        HubWire.writeJSONString(connection.connectionID, to: &body)
        if version >= 1 {
            body.writeString(",\"connectionToken\":")
            HubWire.writeJSONString(connection.key, to: &body)
        }
        var transports: [String] = []
        if !faults.refuseWebSockets {
            transports.append("{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]}")
        }
        transports.append("{\"transport\":\"ServerSentEvents\",\"transferFormats\":[\"Text\"]}")
        transports.append("{\"transport\":\"LongPolling\",\"transferFormats\":[\"Text\",\"Binary\"]}")
        body.writeString(",\"availableTransports\":[\(transports.joined(separator: ","))]}")
        return Self.json(body)
    }

    /// A negotiate the server cannot serve is answered `200` with `{"error": …}`, which clients surface as such.
    private static func negotiateError(_ message: String) -> Response {
        var body = ByteBuffer(string: "{\"error\":")
        HubWire.writeJSONString(message, to: &body)
        body.writeString("}")
        return json(body)
    }
}
