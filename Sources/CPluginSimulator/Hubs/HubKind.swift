/// The three hubs CPlugin serves. Each has its own path, its own platform binding and its own methods; the rest of
/// the SignalR machinery is shared.
enum HubKind: Sendable, Hashable, CaseIterable {
    /// `/hubs/mt4/v2?tradePlatform={guid}`.
    case mt4V2
    /// `/hubs/mt5/v2?tradePlatform={guid}`.
    case mt5V2
    /// `/hubs/mt4/v1`, legacy: the platform is named in each call.
    case mt4V1

    var path: String {
        switch self {
        case .mt4V2: "/hubs/mt4/v2"
        case .mt5V2: "/hubs/mt5/v2"
        case .mt4V1: "/hubs/mt4/v1"
        }
    }

    /// The platform type this hub serves; v2 hubs bind one platform of this type per connection.
    var platformType: SimulatedPlatform.Kind {
        switch self {
        case .mt4V2, .mt4V1: .mt4
        case .mt5V2: .mt5
        }
    }

    /// Whether the platform is bound per connection by the `tradePlatform` query parameter.
    var bindsPlatformByQuery: Bool { self != .mt4V1 }

    /// The hub method a target names, or nil for an unknown one. ASP.NET Core looks hub methods up ignoring case
    /// (its method table uses `StringComparer.OrdinalIgnoreCase`), so this does too.
    func method(named target: String) -> HubMethod? {
        let name = target.lowercased()
        switch self {
        case .mt4V2:
            switch name {
            case "subscribetoticks": return .subscribeToTicks
            case "unsubscribefromticks": return .unsubscribeFromTicks
            case "streamticks": return .stream(.ticks)
            case "streammargincallupdates": return .stream(.marginCalls)
            case "streamtrades": return .stream(.trades)
            case "streamuserupdates": return .stream(.users)
            case "streamsymbolupdates": return .stream(.symbols)
            default: return nil
            }
        case .mt5V2:
            return name == "streammargincallupdates" ? .stream(.mt5MarginCalls) : nil
        case .mt4V1:
            switch name {
            case "connect": return .legacyConnect
            case "ping": return .legacyPing
            case "subscribetoticks": return .legacySubscribeToTicks
            case "unsubscribefromticks": return .legacyUnsubscribeFromTicks
            default: return nil
            }
        }
    }
}

/// A hub method, as the dispatcher binds it.
enum HubMethod: Sendable, Hashable {
    case subscribeToTicks
    case unsubscribeFromTicks
    case stream(HubStreamKind)
    case legacyConnect
    case legacyPing
    case legacySubscribeToTicks
    case legacyUnsubscribeFromTicks

    /// Streaming methods must be called with a StreamInvocation, the others with an Invocation.
    var isStreaming: Bool {
        if case .stream = self { return true }
        return false
    }
}

/// What a server-to-client stream carries.
enum HubStreamKind: Sendable, Hashable {
    case ticks
    case marginCalls
    case trades
    case users
    case symbols
    /// The MT5 hub's `{login, type, direction}` margin-call items.
    case mt5MarginCalls
}
