import Foundation

/// A hub method with its arguments bound to the parameter types it takes. Binding follows ASP.NET Core: the number
/// of arguments must match and each must convert, else the call fails with a binding error. One leniency: the tick
/// subscription calls take a symbol or an array of symbols, since clients disagree on which the documented
/// `[symbol]` means.
enum HubCall: Sendable, Hashable {
    case subscribeToTicks([String])
    case unsubscribeFromTicks([String])
    /// `StreamTicks` takes `[]` (all symbols) or `[symbol]`; the other streams take no argument.
    case stream(HubStreamKind, symbol: String?)
    case legacyConnect(UUID)
    case legacyPing
    case legacySubscribeToTicks(UUID, String)
    case legacyUnsubscribeFromTicks(UUID, String)

    /// Nil when the arguments do not bind.
    init?(method: HubMethod, arguments: [HubJSONValue]) {
        switch method {
        case .subscribeToTicks, .unsubscribeFromTicks:
            guard arguments.count == 1, let symbols = Self.symbols(arguments[0]) else { return nil }
            self = method == .subscribeToTicks ? .subscribeToTicks(symbols) : .unsubscribeFromTicks(symbols)
        case .stream(let kind):
            switch (kind, arguments.count) {
            case (_, 0):
                self = .stream(kind, symbol: nil)
            case (.ticks, 1):
                switch arguments[0] {
                case .null: self = .stream(kind, symbol: nil)
                case .string(let symbol): self = .stream(kind, symbol: symbol.isEmpty ? nil : symbol)
                default: return nil
                }
            default:
                return nil
            }
        case .legacyConnect:
            guard arguments.count == 1, let platform = Self.guid(arguments[0]) else { return nil }
            self = .legacyConnect(platform)
        case .legacyPing:
            guard arguments.isEmpty else { return nil }
            self = .legacyPing
        case .legacySubscribeToTicks, .legacyUnsubscribeFromTicks:
            guard arguments.count == 2, let platform = Self.guid(arguments[0]), case .string(let symbol) = arguments[1]
            else { return nil }
            self =
                method == .legacySubscribeToTicks
                ? .legacySubscribeToTicks(platform, symbol) : .legacyUnsubscribeFromTicks(platform, symbol)
        }
    }

    private static func symbols(_ value: HubJSONValue) -> [String]? {
        switch value {
        case .string(let symbol):
            return [symbol]
        case .array(let values):
            var symbols: [String] = []
            for value in values {
                guard case .string(let symbol) = value else { return nil }
                symbols.append(symbol)
            }
            return symbols
        default:
            return nil
        }
    }

    /// A .NET `Guid` argument: the usual 8-4-4-4-12 form, optionally in braces (what `System.Text.Json` reads).
    private static func guid(_ value: HubJSONValue) -> UUID? {
        guard case .string(let text) = value else { return nil }
        return UUID(uuidString: text.trimmingCharacters(in: CharacterSet(charactersIn: "{}")))
    }
}
