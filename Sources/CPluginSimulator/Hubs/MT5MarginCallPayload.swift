/// The MT5 hub's margin-call notice (`OnMarginCall`, `StreamMarginCallUpdates` items), `{login, type, direction}`.
/// The simulator derives it from the platform's margin events: one is sent when an account's level type changes,
/// `type` being the new level type (0 ok, 1 margin call, 2 stop out) and `direction` 1 when it worsened (the level
/// type rose) or 0 when it improved. Each connection starts from "every account ok", so an account already in a
/// margin call when a client connects is reported on its next margin event.
struct MT5MarginCallPayload: Sendable, Hashable, Codable {
    var login: Int
    var type: Int
    var direction: Int
}
